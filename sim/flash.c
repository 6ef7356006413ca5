/* SPDX-License-Identifier: MIT */
#include "flash.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "svnic/flash.h"

int sim_flash_open(struct sim_flash *f, const char *path)
{
	memset(f, 0, sizeof(*f));
	f->size = SVNIC_FLASH_BYTES;
	f->path = path;
	if (!path) {
		f->mem = mmap(NULL, f->size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (f->mem == MAP_FAILED) {
			perror("svnic-sim: flash");
			return -1;
		}
		memset(f->mem, 0xff, f->size);
		return 0;
	}

	int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	struct stat st;
	if (fd < 0 || fstat(fd, &st) != 0) {
		fprintf(stderr, "svnic-sim: cannot open the flash file %s: %s\n", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	bool fresh = st.st_size == 0;
	if (!fresh && st.st_size != (off_t)f->size) {
		fprintf(stderr, "svnic-sim: %s is %lld bytes, not a %u-byte svnic flash image; "
				"give another path (a new file starts as an erased flash)\n",
			path, (long long)st.st_size, f->size);
		close(fd);
		return -1;
	}
	if (fresh && ftruncate(fd, f->size) != 0) {
		fprintf(stderr, "svnic-sim: cannot size the flash file %s: %s\n", path, strerror(errno));
		close(fd);
		return -1;
	}
	/* Shared: every program and erase reaches the file, so a killed
	 * simulator leaves exactly what the flash held at that instant. */
	f->mem = mmap(NULL, f->size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	close(fd);
	if (f->mem == MAP_FAILED) {
		fprintf(stderr, "svnic-sim: cannot map the flash file %s: %s\n", path, strerror(errno));
		return -1;
	}
	if (fresh)
		memset(f->mem, 0xff, f->size);
	return 0;
}

void sim_flash_close(struct sim_flash *f)
{
	if (f->mem && f->mem != MAP_FAILED) {
		if (f->path)
			msync(f->mem, f->size, MS_SYNC);
		munmap(f->mem, f->size);
	}
	f->mem = NULL;
}

int sim_flash_erase(struct sim_flash *f, uint32_t off, uint32_t len)
{
	if (off % SVNIC_FLASH_SECTOR || len % SVNIC_FLASH_SECTOR || off > f->size ||
	    len > f->size - off)
		return -1;
	memset(f->mem + off, 0xff, len);
	f->erases += len / SVNIC_FLASH_SECTOR;
	return 0;
}

int sim_flash_program(struct sim_flash *f, uint32_t off, const uint8_t *src, uint32_t len)
{
	if (off > f->size || len > f->size - off)
		return -1;
	for (uint32_t i = 0; i < len; i++)
		f->mem[off + i] &= src[i];
	f->programmed += len;
	return 0;
}
