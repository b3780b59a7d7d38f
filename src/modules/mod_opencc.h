/*
 * mod_opencc.h: the functions of OpenCC that the conversion to simplified characters
 * calls (ps_simplify in normalize.c), handed over by the psst-opencc module
 * (module.h): most commands never meet a traditional character and never load it.
 */
#ifndef PSST_MOD_OPENCC_H
#define PSST_MOD_OPENCC_H

#include <opencc.h>

struct ps_opencc_api {
  opencc_t (*open)(const char *config_file_name);
  char *(*convert_utf8)(opencc_t opencc, const char *input, size_t length);
  void (*convert_utf8_free)(char *str);
  const char *(*error)(void);
};

#endif
