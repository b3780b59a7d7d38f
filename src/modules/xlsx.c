/*
 * xlsx.c: the psst-xlsx module: libxlsxwriter's functions as a table (mod_xlsx.h).
 */
#include "mod_xlsx.h"

#include "module.h"

PS_MODULE_VERSION;

const struct ps_xlsx_api ps_mod_xlsx = {
    .workbook_new_opt = workbook_new_opt,
    .workbook_add_worksheet = workbook_add_worksheet,
    .workbook_add_format = workbook_add_format,
    .workbook_close = workbook_close,
    .workbook_free = lxw_workbook_free,
    .format_set_bold = format_set_bold,
    .worksheet_write_number = worksheet_write_number,
    .worksheet_write_string = worksheet_write_string,
    .worksheet_set_column = worksheet_set_column,
    .worksheet_freeze_panes = worksheet_freeze_panes,
    .strerror = lxw_strerror,
};
