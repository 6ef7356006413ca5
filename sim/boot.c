/* SPDX-License-Identifier: MIT */
#include "boot.h"

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "fw/flash.h"
#include "fw_hal_sim.h"
#include "svnic/flash.h"

#define VERSION_FMT "%u.%u.%u"
#define VERSION_ARGS(v) (unsigned)((v) >> 16 & 0xff), (unsigned)((v) >> 8 & 0xff), (unsigned)((v) & 0xff)

uint64_t sim_boot_now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

static const char *slot_name(unsigned s)
{
	return s == 0 ? "A" : "B";
}

int sim_boot_provision(struct fw_hal *hal, const char *factory)
{
	uint32_t size = 0;
	const uint8_t *flash = fw_hal_flash(hal, &size);
	struct svnic_boot_record rec;
	if (fw_bootrec_read(flash, size, &rec) == 0)
		return 0;

	FILE *f = fopen(factory, "rb");
	static uint8_t img[SVNIC_FLASH_SLOT_BYTES + 1];
	size_t n = f ? fread(img, 1, sizeof(img), f) : 0;
	if (!f || ferror(f) || n < SVNIC_IMAGE_HDR_BYTES || n > SVNIC_FLASH_SLOT_BYTES) {
		fprintf(stderr, "svnic-sim: the flash is blank and the factory image %s %s; "
				"give one with --factory IMAGE (build: svnic-fw-host.img)\n",
			factory, !f ? "cannot be read" : "is not a firmware image that fits a slot");
		if (f)
			fclose(f);
		return -1;
	}
	fclose(f);
	uint32_t version;
	memcpy(&version, img + offsetof(struct svnic_image_hdr, fw_version), sizeof(version));
	if (fw_hal_flash_erase(hal, SVNIC_FLASH_SLOT_OFF(0), SVNIC_FLASH_SLOT_BYTES) != 0 ||
	    fw_hal_flash_program(hal, SVNIC_FLASH_SLOT_OFF(0), img, (uint32_t)n) != 0)
		return -1;
	fw_bootrec_blank(&rec);
	rec.active = 0;
	rec.state[0] = SVNIC_SLOT_GOOD;
	rec.version[0] = version;
	rec.length[0] = (uint32_t)n;
	if (fw_bootrec_write(hal, &rec) != 0) {
		fprintf(stderr, "svnic-sim: writing the boot record failed\n");
		return -1;
	}
	fprintf(stderr, "svnic-sim: blank flash provisioned: slot A holds the factory image %s "
			"(" VERSION_FMT ")\n", factory, VERSION_ARGS(version));
	return 0;
}

/* dlopen() wants a file: the verified payload goes to a sealed memfd, so
 * what runs is byte for byte what was verified. */
static void *load_module(const uint8_t *payload, uint32_t len, unsigned slot)
{
	char name[32], path[64];
	snprintf(name, sizeof(name), "svnic-fw-slot-%s", slot_name(slot));
	int fd = memfd_create(name, MFD_CLOEXEC | MFD_ALLOW_SEALING);
	if (fd < 0)
		return NULL;
	size_t done = 0;
	while (done < len) {
		ssize_t w = write(fd, payload + done, len - done);
		if (w <= 0) {
			close(fd);
			return NULL;
		}
		done += (size_t)w;
	}
	fcntl(fd, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE | F_SEAL_SEAL);
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	void *dl = dlopen(path, RTLD_NOW | RTLD_LOCAL);
	if (!dl)
		fprintf(stderr, "svnic-sim: the image in slot %s does not load: %s\n", slot_name(slot),
			dlerror());
	close(fd);
	return dl;
}

int sim_boot_start(struct sim_boot *b, struct fw_hal *hal, unsigned watchdog_ms)
{
	memset(b, 0, sizeof(*b));
	struct fw_boot_choice ch;
	if (fw_boot_select(hal, hal->key, SVNIC_IMAGE_TARGET_HOST, &ch) != 0) {
		fprintf(stderr, "svnic-sim: no bootable firmware in the flash");
		for (unsigned s = 0; s < SVNIC_FLASH_SLOTS; s++)
			if (ch.rejected[s])
				fprintf(stderr, "; slot %s: %s", slot_name(s),
					fw_image_strerror((int)ch.rejected[s]));
		fprintf(stderr, "\nsvnic-sim: start with a new --flash file to reprovision it "
				"with the factory image\n");
		return -1;
	}
	for (unsigned s = 0; s < SVNIC_FLASH_SLOTS; s++)
		if (ch.rejected[s])
			fprintf(stderr, "svnic-sim: boot: slot %s refused (%s): falling back\n",
				slot_name(s), fw_image_strerror((int)ch.rejected[s]));
	if (ch.rolled_back)
		fprintf(stderr, "svnic-sim: boot: slot %s never confirmed itself healthy: rolled "
				"back to slot %s\n", slot_name(1u - ch.slot), slot_name(ch.slot));

	uint32_t size = 0;
	const uint8_t *flash = fw_hal_flash(hal, &size);
	b->dl = load_module(flash + ch.image_off + ch.info.payload_off, ch.info.payload_len, ch.slot);
	if (!b->dl)
		return -1;
	b->entry = dlsym(b->dl, FW_HOST_ENTRY_SYMBOL);
	if (!b->entry || b->entry->abi != FW_HOST_ENTRY_ABI || b->entry->card_size == 0) {
		fprintf(stderr, "svnic-sim: the image in slot %s is not co-simulation firmware "
				"(no %s of ABI %u)\n", slot_name(ch.slot), FW_HOST_ENTRY_SYMBOL,
			FW_HOST_ENTRY_ABI);
		sim_boot_stop(b);
		return -1;
	}
	b->card = calloc(1, b->entry->card_size);
	if (!b->card || b->entry->init(b->card, hal) != 0) {
		fprintf(stderr, "svnic-sim: the firmware in slot %s refused the datapath "
				"(identity or sizes) or the number of cores (--fw-cores %u)\n",
			slot_name(ch.slot), fw_hal_cores(hal));
		sim_boot_stop(b);
		return -1;
	}
	b->slot = ch.slot;
	b->fw_version = b->entry->fw_version;
	b->pending = ch.pending;
	if (b->pending)
		b->watchdog_deadline_ms = sim_boot_now_ms() + watchdog_ms;
	fprintf(stderr, "svnic-sim: booted firmware " VERSION_FMT " from slot %s%s\n",
		VERSION_ARGS(b->fw_version), slot_name(b->slot),
		b->pending ? " (new: it must confirm itself before the watchdog fires)" : "");
	return 0;
}

void sim_boot_stop(struct sim_boot *b)
{
	free(b->card);
	b->card = NULL;
	b->entry = NULL;
	if (b->dl)
		dlclose(b->dl);
	b->dl = NULL;
}

bool sim_boot_watchdog_expired(struct sim_boot *b, struct fw_hal *hal)
{
	if (!b->pending)
		return false;
	uint32_t size = 0;
	const uint8_t *flash = fw_hal_flash(hal, &size);
	struct svnic_boot_record rec;
	if (fw_bootrec_read(flash, size, &rec) == 0 && rec.state[b->slot] == SVNIC_SLOT_GOOD) {
		b->pending = false; /* it confirmed itself */
		return false;
	}
	return sim_boot_now_ms() >= b->watchdog_deadline_ms;
}
