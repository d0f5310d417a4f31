/*
** db_map.c: a SQLite store read through one map of the whole file.
**
** A server reads pages through a map of the store (db_serving sets
** mmap_size), copying nothing.  But the SQLite of Debian is built to map
** at most the first 2 GB of a file (SQLITE_MAX_MMAP_SIZE), and a province's
** store is larger: every page past 2 GB is read by a system call into the
** connection's cache, and a look-up of a person drawn at random reads
** most of its pages there.  This VFS is SQLite's own unix VFS with one
** change: a main store's pages are fetched (xFetch) from a map of the
** whole file wherever the connection maps at all, as SQLite itself would
** with a larger limit.  Everything else is the unix VFS's.
**
** The map is made once, a gigabyte or more longer than the file (only
** addresses), and its pages made present at once (MADV_POPULATE_READ),
** where the store is no larger than half the memory: on a virtual
** machine, the system's finding a page at its first touch is dearer than
** the look-up that touches it.  A page is handed out only
** below the file's size when last read; when the file grows, what it
** grew by is made present too, and only past the map's end is it made
** again (moved: only when none of its pages is out).  SQLite drops its
** map whenever the file changed under the pager (after any write, by
** anyone), and finds every page again; this one stays, sharing the
** system's cache, and only what the file was cut by is no longer handed
** out.  Past what is mapped a page is read as usual.  Writes go through
** the unix VFS (pwrite) and are seen through the map.
**
** The map needs the file's descriptor.  SQLite keeps it in its unixFile,
** which it does not publish; the descriptor is read where every SQLite
** since 2008 has kept it (after the methods, the VFS and the inode) and
** used only if it is an open regular file with the same device and inode
** as the store's path: otherwise the unix VFS maps as it would, within
** its limit.
** No descriptor is opened here: closing one would drop the locks SQLite
** holds on the file (POSIX locks belong to the process, not the
** descriptor).
*/
#include "bangfu.h"
#include "db.h"
#include <sqlite3.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include "banned.h"

struct mfile {
	sqlite3_file base;   /* methods: map_methods */
	sqlite3_file *real;  /* the unix VFS's file, just after this */
	int fd;              /* its descriptor; -1: not found, the unix VFS maps as its own */
	int out;             /* pages of the map handed out and not given back */
	sqlite3_int64 limit; /* the connection's mmap_size: 0, nothing is mapped */
	unsigned char *map;
	sqlite3_int64 mapped; /* bytes of map a page may be fetched from */
	sqlite3_int64 length; /* bytes mapped (munmap's) */
};

static sqlite3_vfs map_vfs;
static sqlite3_io_methods map_methods;

#define REAL(f) (((struct mfile *)(f))->real)

static void unmap(struct mfile *m)
{
	if (m->map)
		munmap(m->map, (size_t)m->length);
	m->map = NULL;
	m->mapped = m->length = 0;
}

static int map_close(sqlite3_file *f)
{
	struct mfile *m = (struct mfile *)f;
	unmap(m);
	return m->real->pMethods ? m->real->pMethods->xClose(m->real) : SQLITE_OK;
}

static int map_read(sqlite3_file *f, void *p, int n, sqlite3_int64 off)
{
	return REAL(f)->pMethods->xRead(REAL(f), p, n, off);
}

static int map_write(sqlite3_file *f, const void *p, int n, sqlite3_int64 off)
{
	return REAL(f)->pMethods->xWrite(REAL(f), p, n, off);
}

static int map_truncate(sqlite3_file *f, sqlite3_int64 size)
{
	struct mfile *m = (struct mfile *)f;
	int rc = m->real->pMethods->xTruncate(m->real, size);
	if (size < m->mapped) /* what lies past the end is not handed out */
		m->mapped = size;
	return rc;
}

static int map_sync(sqlite3_file *f, int flags)
{
	return REAL(f)->pMethods->xSync(REAL(f), flags);
}

static int map_file_size(sqlite3_file *f, sqlite3_int64 *size)
{
	return REAL(f)->pMethods->xFileSize(REAL(f), size);
}

static int map_lock(sqlite3_file *f, int level)
{
	return REAL(f)->pMethods->xLock(REAL(f), level);
}

static int map_unlock(sqlite3_file *f, int level)
{
	return REAL(f)->pMethods->xUnlock(REAL(f), level);
}

static int map_check_reserved(sqlite3_file *f, int *out)
{
	return REAL(f)->pMethods->xCheckReservedLock(REAL(f), out);
}

static int map_file_control(sqlite3_file *f, int op, void *arg)
{
	struct mfile *m = (struct mfile *)f;
	if (op == SQLITE_FCNTL_MMAP_SIZE && m->fd >= 0) {
		/* the pager's limit (at most the library's 2 GB): only whether it
		** maps at all counts here; the unix VFS is not told, and maps
		** nothing of its own.  Without the descriptor, the unix VFS maps
		** as it would */
		sqlite3_int64 *want = arg;
		if (*want >= 0) {
			if (*want == 0 && m->out == 0)
				unmap(m);
			m->limit = *want;
		}
		*want = m->limit;
		return SQLITE_OK;
	}
	return m->real->pMethods->xFileControl(m->real, op, arg);
}

static int map_sector_size(sqlite3_file *f)
{
	return REAL(f)->pMethods->xSectorSize(REAL(f));
}

static int map_device(sqlite3_file *f)
{
	return REAL(f)->pMethods->xDeviceCharacteristics(REAL(f));
}

static int map_shm_map(sqlite3_file *f, int pg, int size, int extend, void volatile **p)
{
	return REAL(f)->pMethods->xShmMap(REAL(f), pg, size, extend, p);
}

static int map_shm_lock(sqlite3_file *f, int off, int n, int flags)
{
	return REAL(f)->pMethods->xShmLock(REAL(f), off, n, flags);
}

static void map_shm_barrier(sqlite3_file *f)
{
	REAL(f)->pMethods->xShmBarrier(REAL(f));
}

static int map_shm_unmap(sqlite3_file *f, int delete_flag)
{
	return REAL(f)->pMethods->xShmUnmap(REAL(f), delete_flag);
}

/* The map covers the file up to need bytes (1) or cannot (0): the file's
** size is read again, and what it grew by is made present in the map
** (MADV_POPULATE_READ), so that no request waits for the system to find
** a page of it.  The map is made a gigabyte or more longer than the file
** (only addresses; nothing past the file's end is handed out), so that
** a growing store is mapped again only once a gigabyte. */
#define MAP_SPARE ((sqlite3_int64)1 << 30)
static int map_cover(struct mfile *m, sqlite3_int64 need)
{
	struct stat sb;
	if (fstat(m->fd, &sb) != 0 || sb.st_size < need)
		return 0;
	sqlite3_int64 size = sb.st_size;
	if (size > m->length) {
		/* moved, pages of the old map handed out would point at nothing */
		if (m->out > 0)
			return 0;
		sqlite3_int64 length = (size / MAP_SPARE + 2) * MAP_SPARE;
		void *p = m->map ? mremap(m->map, (size_t)m->length, (size_t)length, MREMAP_MAYMOVE)
				 : mmap(NULL, (size_t)length, PROT_READ, MAP_SHARED, m->fd, 0);
		if (p == MAP_FAILED)
			return 0;
		m->map = p;
		m->length = length;
	}
	/* a store larger than half the memory would be read from the disk
	** whole, and push out what else is cached: its pages are found as
	** they are asked for */
	static sqlite3_int64 half;
	if (!half)
		half = (sqlite3_int64)sysconf(_SC_PHYS_PAGES) * sysconf(_SC_PAGESIZE) / 2;
	if (size > m->mapped && size <= half) {
		sqlite3_int64 from = m->mapped & ~(sqlite3_int64)4095;
#ifdef MADV_POPULATE_READ
		madvise(m->map + from, (size_t)(size - from), MADV_POPULATE_READ); /* only a help: a failure costs faults later */
#endif
	}
	m->mapped = size;
	return 1;
}

static int map_fetch(sqlite3_file *f, sqlite3_int64 off, int n, void **pp)
{
	struct mfile *m = (struct mfile *)f;
	if (m->fd < 0) /* as the unix VFS maps, within its limit */
		return m->real->pMethods->xFetch(m->real, off, n, pp);
	*pp = NULL;
	if (m->limit <= 0 || (off + n > m->mapped && !map_cover(m, off + n)))
		return SQLITE_OK; /* read, not mapped */
	*pp = m->map + off;
	m->out++;
	return SQLITE_OK;
}

static int map_unfetch(sqlite3_file *f, sqlite3_int64 off, void *p)
{
	struct mfile *m = (struct mfile *)f;
	if (m->fd < 0)
		return m->real->pMethods->xUnfetch(m->real, off, p);
	if (p) {
		m->out--;
	} else if (m->map) {
		/* the file changed under the pager, as it does after any write:
		** SQLite would map it all again, and every page would be found
		** anew; the map shares the system's cache and stays, only what
		** the file was cut by is no longer handed out */
		struct stat sb;
		if (fstat(m->fd, &sb) != 0)
			unmap(m);
		else if (sb.st_size < m->mapped)
			m->mapped = sb.st_size;
	}
	return SQLITE_OK;
}

/* The descriptor the unix VFS keeps for path in its file, or -1 (see the
** head of this file). */
static int unix_fd(sqlite3_file *real, const char *path)
{
	struct unix_head {
		const sqlite3_io_methods *methods;
		sqlite3_vfs *vfs;
		void *inode;
		int h;
	};
	int fd = ((struct unix_head *)real)->h;
	struct stat a, b;
	if (fd < 0 || fstat(fd, &a) != 0 || !S_ISREG(a.st_mode) || stat(path, &b) != 0 || a.st_dev != b.st_dev ||
	    a.st_ino != b.st_ino)
		return -1;
	return fd;
}

static int map_open(sqlite3_vfs *vfs, const char *name, sqlite3_file *f, int flags, int *out)
{
	sqlite3_vfs *unix_vfs = vfs->pAppData;
	if (!name || !(flags & SQLITE_OPEN_MAIN_DB)) /* journals, logs, temporary files: the unix VFS's own */
		return unix_vfs->xOpen(unix_vfs, name, f, flags, out);
	struct mfile *m = (struct mfile *)f;
	memset(m, 0, sizeof *m);
	m->real = (sqlite3_file *)(m + 1);
	m->fd = -1;
	int rc = unix_vfs->xOpen(unix_vfs, name, m->real, flags, out);
	/* a file the unix VFS opened is closed through this one, even when its
	** open failed (SQLite's rule for xOpen) */
	m->base.pMethods = m->real->pMethods ? &map_methods : NULL;
	if (rc == SQLITE_OK && m->real->pMethods->iVersion >= 3)
		m->fd = unix_fd(m->real, name);
	return rc;
}

void db_map_register(void)
{
	static int done;
	if (done)
		return;
	done = 1;
	sqlite3_vfs *unix_vfs = sqlite3_vfs_find(NULL);
	if (!unix_vfs || strcmp(unix_vfs->zName, "unix") != 0)
		return; /* another VFS is the default: left as it is */
	map_vfs = *unix_vfs;
	map_vfs.zName = "bangfu-map";
	map_vfs.pAppData = unix_vfs;
	map_vfs.szOsFile = (int)sizeof(struct mfile) + unix_vfs->szOsFile;
	map_vfs.pNext = NULL;
	map_vfs.xOpen = map_open;
	map_methods = (sqlite3_io_methods){
		3, map_close, map_read, map_write, map_truncate, map_sync, map_file_size, map_lock, map_unlock,
		map_check_reserved, map_file_control, map_sector_size, map_device, map_shm_map, map_shm_lock,
		map_shm_barrier, map_shm_unmap, map_fetch, map_unfetch,
	};
	sqlite3_vfs_register(&map_vfs, 1);
}
