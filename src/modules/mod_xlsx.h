/*
 * mod_xlsx.h: the functions of libxlsxwriter that the XLSX export calls, handed over by
 * the psst-xlsx module (module.h) so that only `psst export --format xlsx` loads the
 * library. The names are the library's own; the types come from its header.
 */
#ifndef PSST_MOD_XLSX_H
#define PSST_MOD_XLSX_H

#include <xlsxwriter.h>

struct ps_xlsx_api {
  lxw_workbook *(*workbook_new_opt)(const char *filename, lxw_workbook_options *options);
  lxw_worksheet *(*workbook_add_worksheet)(lxw_workbook *workbook, const char *sheetname);
  lxw_format *(*workbook_add_format)(lxw_workbook *workbook);
  lxw_error (*workbook_set_properties)(lxw_workbook *workbook, lxw_doc_properties *properties);
  lxw_error (*workbook_close)(lxw_workbook *workbook);
  void (*workbook_free)(lxw_workbook *workbook);
  void (*format_set_bold)(lxw_format *format);
  void (*format_set_num_format)(lxw_format *format, const char *num_format);
  void (*format_set_text_wrap)(lxw_format *format);
  void (*format_set_align)(lxw_format *format, uint8_t alignment);
  void (*format_set_font_size)(lxw_format *format, double size);
  lxw_error (*worksheet_write_number)(lxw_worksheet *worksheet, lxw_row_t row, lxw_col_t col,
                                      double number, lxw_format *format);
  lxw_error (*worksheet_write_string)(lxw_worksheet *worksheet, lxw_row_t row, lxw_col_t col,
                                      const char *string, lxw_format *format);
  lxw_error (*worksheet_write_datetime)(lxw_worksheet *worksheet, lxw_row_t row, lxw_col_t col,
                                        lxw_datetime *datetime, lxw_format *format);
  lxw_error (*worksheet_set_column)(lxw_worksheet *worksheet, lxw_col_t first_col,
                                    lxw_col_t last_col, double width, lxw_format *format);
  void (*worksheet_freeze_panes)(lxw_worksheet *worksheet, lxw_row_t row, lxw_col_t col);
  lxw_error (*worksheet_autofilter)(lxw_worksheet *worksheet, lxw_row_t first_row,
                                    lxw_col_t first_col, lxw_row_t last_row, lxw_col_t last_col);
  char *(*strerror)(lxw_error error_num);
};

#endif
