/*
 * opencc.c: the psst-opencc module: OpenCC's functions as a table (mod_opencc.h).
 */
#include "mod_opencc.h"

#include "module.h"

PS_MODULE_VERSION;

const struct ps_opencc_api ps_mod_opencc = {
    .open = opencc_open,
    .convert_utf8 = opencc_convert_utf8,
    .convert_utf8_free = opencc_convert_utf8_free,
    .error = opencc_error,
};
