/*
 * module.c: the parts of psst that need a large library live in modules loaded on
 * first use, so that a command pays only for the libraries it uses.
 *
 * Starting a program costs the dynamic loader time for every shared library it
 * needs, and cairo/pango (X11, fontconfig, harfbuzz, glib), libcurl (GnuTLS,
 * Kerberos, LDAP), libmicrohttpd, libxlsxwriter and OpenCC together are about sixty
 * of them: `psst show` paid four times the sqlite3 shell's start-up for libraries it
 * never called. git solves the same problem with helper programs (git-remote-http);
 * psst uses dlopen, because its heavy parts are functions called by other parts
 * (the server draws charts, findings writes one), not whole commands.
 *
 * A module is psst-NAME.so. It is linked against its large library only; the
 * library's own functions it calls (ps_err, psst_query, ...) come from the program
 * that loads it, which exports them. Modules are looked for in $PSST_MODULE_DIR,
 * then in "modules" beside the program (the build tree), then in the folder they
 * are installed to. A module of another version is refused: its functions take the
 * library's structures, whose layout may differ.
 */
#include "internal.h"
#include "module.h"

#include <dlfcn.h>
#include <limits.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* both set by the build (CMakeLists.txt) from the installation's library folder */
#ifndef PSST_MODULE_INSTALL_DIR
#define PSST_MODULE_INSTALL_DIR "/usr/local/lib/psst/modules"
#endif
#ifndef PSST_MODULE_REL_DIR
#define PSST_MODULE_REL_DIR "lib/psst/modules"
#endif

/* The handles, kept for the life of the process: a module is never unloaded, so that
   function pointers taken from it stay valid (and leak checkers can name its code). */
static struct loaded {
  const char *name;
  void *handle;
} loaded[8];
static size_t n_loaded;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

static bool is_dir(const char *path) {
  struct stat st;
  return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* The folder modules are loaded from, into out (PATH_MAX bytes). */
static void module_dir(char *out) {
  const char *env = getenv("PSST_MODULE_DIR");
  if (env && *env) {
    snprintf(out, PATH_MAX, "%s", env);
    return;
  }
  char exe[PATH_MAX];
  ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
  char *slash = n > 0 ? (exe[n] = '\0', strrchr(exe, '/')) : NULL;
  if (slash) {
    *slash = '\0';
    /* the build tree: modules/ beside the program */
    if (snprintf(out, PATH_MAX, "%s/modules", exe) < PATH_MAX && is_dir(out))
      return;
    /* an installed psst, wherever its prefix was moved: bin/../lib/psst/modules */
    if (snprintf(out, PATH_MAX, "%s/../%s", exe, PSST_MODULE_REL_DIR) < PATH_MAX && is_dir(out))
      return;
  }
  /* a program of its own linking libpsst: where `make install` put them */
  snprintf(out, PATH_MAX, "%s", PSST_MODULE_INSTALL_DIR);
}

static void *load(const char *name, struct psst_error *err) {
  for (size_t i = 0; i < n_loaded; i++)
    if (!strcmp(loaded[i].name, name))
      return loaded[i].handle;
  if (n_loaded == sizeof loaded / sizeof *loaded) {
    ps_err(err, PSST_EIO, "too many modules");
    return NULL;
  }
  char dir[PATH_MAX], path[PATH_MAX + 64];
  module_dir(dir);
  snprintf(path, sizeof path, "%s/psst-%s.so", dir, name);
  void *h = dlopen(path, RTLD_NOW | RTLD_LOCAL);
  if (!h) {
    const char *why = dlerror();
    ps_err(err, PSST_EIO, "cannot load the %s module (%s): %s; is psst installed completely?", name,
           path, why ? why : "unknown error");
    return NULL;
  }
  const char *const *version = (const char *const *)dlsym(h, "psst_module_version");
  if (!version || strcmp(*version, PSST_VERSION)) {
    ps_err(err, PSST_EIO, "%s: module of psst %s, but this is psst %s", path,
           version ? *version : "(unknown)", PSST_VERSION);
    dlclose(h);
    return NULL;
  }
  loaded[n_loaded].name = name;
  loaded[n_loaded++].handle = h;
  return h;
}

int ps_module_get(const char *module, const char *symbol, const void **out,
                  struct psst_error *err) {
  int rc = PSST_EIO;
  pthread_mutex_lock(&lock);
  void *h = load(module, err);
  if (h) {
    *out = dlsym(h, symbol);
    if (*out)
      rc = PSST_OK;
    else
      ps_err(err, PSST_EIO, "the %s module has no %s: is it from another build?", module, symbol);
  }
  pthread_mutex_unlock(&lock);
  return rc;
}
