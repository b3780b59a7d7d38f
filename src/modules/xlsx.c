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
    .workbook_set_properties = workbook_set_properties,
    .workbook_close = workbook_close,
    .workbook_free = lxw_workbook_free,
    .format_set_bold = format_set_bold,
    .format_set_num_format = format_set_num_format,
    .format_set_text_wrap = format_set_text_wrap,
    .format_set_align = format_set_align,
    .format_set_font_size = format_set_font_size,
    .worksheet_write_number = worksheet_write_number,
    .worksheet_write_string = worksheet_write_string,
    .worksheet_write_datetime = worksheet_write_datetime,
    .worksheet_set_column = worksheet_set_column,
    .worksheet_freeze_panes = worksheet_freeze_panes,
    .worksheet_autofilter = worksheet_autofilter,
    .strerror = lxw_strerror,
};
