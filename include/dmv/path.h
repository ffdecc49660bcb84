/* Checks of input and output paths before any compute (io/path.c).
 *
 * A command validates every path it will read or write before it starts
 * working, so that a bad path is an immediate usage error (exit 2) that names
 * the option and the path, and nothing is written. `what` is the option or
 * role named in the message (e.g. "--stats"). All return DMV_OK or DMV_EINVAL /
 * DMV_EIO with a message "<what> <path>: <reason>". */
#ifndef DMV_PATH_H
#define DMV_PATH_H

#include "dmv/error.h"

/* An input file: exists, is a regular file (after symlinks), can be opened for reading. */
int dmv_path_check_input(const char *path, const char *what, dmv_error *err);
/* An input folder: exists, is a folder, can be listed. */
int dmv_path_check_input_dir(const char *path, const char *what, dmv_error *err);
/* An output file: not empty, not ending in '/', not an existing folder or
 * other non-regular file; its folder exists and a file can be created in it
 * (a probe: a temporary file created and removed at once). */
int dmv_path_check_output(const char *path, const char *what, dmv_error *err);
/* An output folder: an existing folder where a file can be created, or a
 * missing one whose nearest existing ancestor is a folder where a folder can
 * be created (probe: a temporary folder created and removed). Nothing is kept. */
int dmv_path_check_output_dir(const char *dir, const char *what, dmv_error *err);
/* 1 if a and b name the same file: the same device and inode when both
 * exist, else the same canonical path (realpath of the folder + name). */
int dmv_path_same(const char *a, const char *b);

#endif
