/*
 * module.h: the modules loaded on first use (module.c) and what each one provides.
 *
 *   psst-chart.so   the charts, drawn with cairo and pango       ps_mod_chart_render
 *   psst-serve.so   the web server, over libmicrohttpd           ps_mod_serve
 *   psst-watch.so   the sites polled over HTTP (libcurl, PCRE2)  ps_mod_watch_once
 *   psst-xlsx.so    libxlsxwriter's functions, as a table        ps_mod_xlsx
 *   psst-opencc.so  OpenCC's functions, as a table               ps_mod_opencc
 *
 * The first three are psst's own code that needs the library throughout; the last
 * two hand over the few library functions that one file of the core calls, so that
 * the code stays where it is and only the calls go through the table.
 */
#ifndef PSST_MODULE_H
#define PSST_MODULE_H

#include "psst.h"

/* The function or table `symbol` of module psst-NAME.so into *out, loading the module on
   first use; PSST_EIO with err filled when it cannot be loaded. Thread-safe. */
int ps_module_get(const char *module, const char *symbol, const void **out, struct psst_error *err);

/* Every module defines its version with this, checked when it is loaded. */
#define PS_MODULE_VERSION const char *const psst_module_version = PSST_VERSION

#endif
