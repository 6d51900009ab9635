#ifndef PMBATCH_CZSTD_SHIM_H
#define PMBATCH_CZSTD_SHIM_H
#include <zstd.h>
#include <zstd_errors.h>
#endif
