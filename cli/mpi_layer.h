/* The MPI layer (docs/scale-out.md). In a build without DMV_MPI every function is a stub for one
 * process (rank 0 of 1) and no MPI symbol is linked. */
#ifndef DMV_CLI_MPI_LAYER_H
#define DMV_CLI_MPI_LAYER_H

#include <stddef.h>
#include <stdint.h>

#include "dmv/error.h"

/* MPI_Init; every rank compares a hash of its argv with rank 0's (exit 2 on all ranks, naming the
 * ranks, before any work when they differ); ranks other than 0 write nothing on stdout and show
 * no progress; installs the dmv_fast_sample hook (dmv_mpi_sample). Returns 0 or an exit status
 * (the caller then returns it through dmv_mpi_finish). */
int dmv_mpi_init(int *argc, char ***argv);
/* The end of main: status 0, 1 and 3 (verdicts, the same on every rank) finalize; any other status
 * (an input or run error on some rank) aborts the whole job with that status (MPI_Abort). */
int dmv_mpi_finish(int status);
int dmv_mpi_rank(void);
int dmv_mpi_size(void);
/* rank 0 (always 1 without MPI): the rank that writes reports and output files */
int dmv_mpi_is_root(void);
/* A barrier before rank 0 writes anything: a rank that failed earlier has aborted the job
 * (dmv_mpi_finish), so rank 0 never gets past this and leaves no report. */
void dmv_mpi_sync(void);
/* End every rank now with this exit status (MPI_Abort; exit() without MPI). */
void dmv_mpi_abort(int status, const char *why);
/* Every rank gives a fingerprint of what it is about to do; a difference aborts the job with
 * exit 2 and a message naming `what` (call it on every rank, in the same order). */
void dmv_mpi_check_same(uint64_t fingerprint, const char *what);
uint64_t dmv_mpi_fnv1a(uint64_t h, const void *p, size_t n);

/* Ordered block reduction, the pattern every distributed loop uses (sample; later audit and
 * per-eigenvalue maps): items 0..total-1 are cut into blocks of `block` items; round g gives
 * rank r the block g*K + r. compute() fills `count` records of rec_size bytes for items
 * first..first+count-1 (on every rank); rank 0 then calls merge() on every block in item order,
 * so the result does not depend on the number of ranks K. A failing compute() aborts the job. */
typedef int (*dmv_mpi_compute_fn)(void *ctx, unsigned char *out, long first, long count, dmv_error *err);
typedef int (*dmv_mpi_merge_fn)(void *ctx, const unsigned char *in, long first, long count, dmv_error *err);
int dmv_mpi_ordered(long total, size_t rec_size, long block, dmv_mpi_compute_fn compute, dmv_mpi_merge_fn merge,
                    void *ctx, void (*progress)(void *pctx, double fraction), void *progress_ctx, dmv_error *err);

#endif
