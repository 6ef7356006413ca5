/* SPDX-License-Identifier: MIT */
/*
 * svnic-image: make signing keys, build signed firmware images
 * (svnic/image.h) and verify them with the card's own check
 * (fw_image_check from the firmware library).
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "fw/image.h"
#include "svnic/image.h"

#define EXIT_REFUSED 1
#define EXIT_USAGE 2

static const char usage_text[] =
	"usage:\n"
	"  svnic-image keygen --out KEYFILE\n"
	"      Make an Ed25519 key pair: KEYFILE gets the 64-byte secret key\n"
	"      (mode 0600), KEYFILE.pub the 32-byte public key. Refuses to\n"
	"      overwrite either file.\n"
	"  svnic-image build --payload FILE --target rv32|host --version X.Y.Z\n"
	"                    [--load ADDR] [--entry ADDR] --key KEYFILE --out IMAGE\n"
	"      Wrap FILE (raw bytes, 1 .. 196608) in a 128-byte header with its\n"
	"      SHA-256 and sign header || payload with KEYFILE. ADDR is decimal or\n"
	"      0x-hex; --load defaults to 0, --entry to the load address.\n"
	"  svnic-image verify --key-pub FILE [--target rv32|host]\n"
	"                     [--min-version X.Y.Z] IMAGE\n"
	"      Check IMAGE exactly as the card does (format, length, hash,\n"
	"      signature, target, version >= min-version) and print its header.\n"
	"  svnic-image --help\n"
	"exit status: 0 done / image accepted, 1 refused or failed, 2 usage error\n";

static int usage_error(const char *fmt, const char *arg)
{
	fprintf(stderr, "svnic-image: ");
	fprintf(stderr, fmt, arg);
	fprintf(stderr, "\nrun 'svnic-image --help' for usage\n");
	return EXIT_USAGE;
}

static int parse_version(const char *s, uint32_t *out)
{
	unsigned a, b, c;
	int n = 0;
	if (sscanf(s, "%u.%u.%u%n", &a, &b, &c, &n) != 3 || s[n] != '\0' || a > 255 || b > 255 ||
	    c > 255 || s[0] < '0' || s[0] > '9')
		return -1;
	*out = SVNIC_IMAGE_VERSION(a, b, c);
	return 0;
}

static int parse_addr(const char *s, uint64_t *out)
{
	char *end;
	if (s[0] < '0' || s[0] > '9')
		return -1;
	errno = 0;
	unsigned long long v = strtoull(s, &end, 0);
	if (errno || *end != '\0')
		return -1;
	*out = v;
	return 0;
}

static int parse_target(const char *s, uint32_t *out)
{
#define T_(name, val, short_name, desc)            \
	if (strcmp(s, short_name) == 0) {          \
		*out = (val);                      \
		return 0;                          \
	}
	SVNIC_IMAGE_TARGETS(T_)
#undef T_
	return -1;
}

/* Reads a whole file of at most max bytes; returns NULL with a message. */
static uint8_t *read_file(const char *path, size_t max, size_t *len, const char *what)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		fprintf(stderr, "svnic-image: cannot open %s %s: %s\n", what, path, strerror(errno));
		return NULL;
	}
	uint8_t *buf = malloc(max + 1);
	if (!buf) {
		fclose(f);
		fprintf(stderr, "svnic-image: out of memory\n");
		return NULL;
	}
	size_t n = fread(buf, 1, max + 1, f);
	int bad = ferror(f);
	fclose(f);
	if (bad) {
		fprintf(stderr, "svnic-image: cannot read %s %s\n", what, path);
		free(buf);
		return NULL;
	}
	if (n > max) {
		fprintf(stderr, "svnic-image: %s %s is larger than %zu bytes\n", what, path, max);
		free(buf);
		return NULL;
	}
	*len = n;
	return buf;
}

/* Writes exactly len bytes to a new file (O_EXCL unless overwrite). */
static int write_file(const char *path, const void *data, size_t len, mode_t mode, int overwrite,
		      const char *what)
{
	int flags = O_WRONLY | O_CREAT | (overwrite ? O_TRUNC : O_EXCL);
	int fd = open(path, flags, mode);
	if (fd < 0) {
		fprintf(stderr, "svnic-image: cannot create %s %s: %s%s\n", what, path, strerror(errno),
			errno == EEXIST ? " (remove it first, or choose another name)" : "");
		return -1;
	}
	if (fchmod(fd, mode) != 0) {
		fprintf(stderr, "svnic-image: cannot set mode of %s: %s\n", path, strerror(errno));
		close(fd);
		unlink(path);
		return -1;
	}
	const uint8_t *p = data;
	while (len) {
		ssize_t w = write(fd, p, len);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			fprintf(stderr, "svnic-image: cannot write %s: %s\n", path, strerror(errno));
			close(fd);
			unlink(path);
			return -1;
		}
		p += w;
		len -= (size_t)w;
	}
	if (close(fd) != 0) {
		fprintf(stderr, "svnic-image: cannot write %s: %s\n", path, strerror(errno));
		unlink(path);
		return -1;
	}
	return 0;
}

static int cmd_keygen(int argc, char **argv)
{
	static const struct option opts[] = { { "out", required_argument, NULL, 'o' }, { 0, 0, 0, 0 } };
	const char *out = NULL;
	int c;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'o')
			out = optarg;
		else
			return usage_error("%s: bad option", "keygen");
	}
	if (!out)
		return usage_error("%s: --out KEYFILE is required", "keygen");
	if (optind != argc)
		return usage_error("keygen: unexpected argument '%s'", argv[optind]);

	uint8_t pk[crypto_sign_PUBLICKEYBYTES], sk[crypto_sign_SECRETKEYBYTES];
	crypto_sign_keypair(pk, sk);
	size_t n = strlen(out);
	char *pub = malloc(n + 5);
	if (!pub)
		return EXIT_REFUSED;
	memcpy(pub, out, n);
	memcpy(pub + n, ".pub", 5);
	int rc = EXIT_REFUSED;
	if (write_file(out, sk, sizeof(sk), 0600, 0, "secret key") == 0) {
		if (write_file(pub, pk, sizeof(pk), 0644, 0, "public key") == 0) {
			printf("secret key: %s (keep it private)\npublic key: %s\n", out, pub);
			rc = 0;
		} else {
			unlink(out);
		}
	}
	sodium_memzero(sk, sizeof(sk));
	free(pub);
	return rc;
}

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static void put32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static void put64(uint8_t *p, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static int cmd_build(int argc, char **argv)
{
	enum { O_PAYLOAD = 1, O_TARGET, O_VERSION, O_LOAD, O_ENTRY, O_KEY, O_OUT };
	static const struct option opts[] = {
		{ "payload", required_argument, NULL, O_PAYLOAD },
		{ "target", required_argument, NULL, O_TARGET },
		{ "version", required_argument, NULL, O_VERSION },
		{ "load", required_argument, NULL, O_LOAD },
		{ "entry", required_argument, NULL, O_ENTRY },
		{ "key", required_argument, NULL, O_KEY },
		{ "out", required_argument, NULL, O_OUT },
		{ 0, 0, 0, 0 },
	};
	const char *payload_path = NULL, *key_path = NULL, *out_path = NULL;
	uint32_t target = 0, version = 0;
	uint64_t load = 0, entry = 0;
	int have_version = 0, have_entry = 0;
	int c;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case O_PAYLOAD: payload_path = optarg; break;
		case O_KEY: key_path = optarg; break;
		case O_OUT: out_path = optarg; break;
		case O_TARGET:
			if (parse_target(optarg, &target))
				return usage_error("build: --target must be rv32 or host, not '%s'", optarg);
			break;
		case O_VERSION:
			if (parse_version(optarg, &version))
				return usage_error("build: --version must be X.Y.Z, each 0..255, not '%s'", optarg);
			have_version = 1;
			break;
		case O_LOAD:
			if (parse_addr(optarg, &load))
				return usage_error("build: --load must be a number (decimal or 0x-hex), not '%s'", optarg);
			break;
		case O_ENTRY:
			if (parse_addr(optarg, &entry))
				return usage_error("build: --entry must be a number (decimal or 0x-hex), not '%s'", optarg);
			have_entry = 1;
			break;
		default:
			return usage_error("%s: bad option", "build");
		}
	}
	if (optind != argc)
		return usage_error("build: unexpected argument '%s'", argv[optind]);
	if (!payload_path || !target || !have_version || !key_path || !out_path)
		return usage_error("%s: --payload, --target, --version, --key and --out are required", "build");
	if (!have_entry)
		entry = load;

	size_t klen;
	uint8_t *sk = read_file(key_path, crypto_sign_SECRETKEYBYTES, &klen, "secret key");
	if (!sk)
		return EXIT_REFUSED;
	if (klen != crypto_sign_SECRETKEYBYTES) {
		fprintf(stderr, "svnic-image: %s is %zu bytes, not a %u-byte secret key (make one with 'svnic-image keygen')\n",
			key_path, klen, (unsigned)crypto_sign_SECRETKEYBYTES);
		free(sk);
		return EXIT_REFUSED;
	}

	size_t plen;
	uint8_t *payload = read_file(payload_path, SVNIC_IMAGE_MAX_PAYLOAD, &plen, "payload");
	if (!payload) {
		sodium_memzero(sk, klen);
		free(sk);
		return EXIT_REFUSED;
	}
	int rc = EXIT_REFUSED;
	uint8_t *img = NULL;
	if (plen == 0) {
		fprintf(stderr, "svnic-image: payload %s is empty\n", payload_path);
		goto out;
	}
	img = calloc(1, SVNIC_IMAGE_HDR_BYTES + plen + SVNIC_IMAGE_SIG_BYTES);
	if (!img) {
		fprintf(stderr, "svnic-image: out of memory\n");
		goto out;
	}
	put32(img + offsetof(struct svnic_image_hdr, magic), SVNIC_IMAGE_MAGIC);
	put16(img + offsetof(struct svnic_image_hdr, format), SVNIC_IMAGE_FORMAT);
	put16(img + offsetof(struct svnic_image_hdr, hdr_size), SVNIC_IMAGE_HDR_BYTES);
	put32(img + offsetof(struct svnic_image_hdr, target), target);
	put32(img + offsetof(struct svnic_image_hdr, fw_version), version);
	put32(img + offsetof(struct svnic_image_hdr, payload_len), (uint32_t)plen);
	put64(img + offsetof(struct svnic_image_hdr, load_addr), load);
	put64(img + offsetof(struct svnic_image_hdr, entry), entry);
	crypto_hash_sha256(img + offsetof(struct svnic_image_hdr, payload_sha256), payload, plen);
	memcpy(img + SVNIC_IMAGE_HDR_BYTES, payload, plen);
	size_t signed_len = SVNIC_IMAGE_HDR_BYTES + plen;
	if (crypto_sign_detached(img + signed_len, NULL, img, signed_len, sk) != 0) {
		fprintf(stderr, "svnic-image: signing failed\n");
		goto out;
	}
	/* Refuse to write an image the card would refuse (e.g. bad addresses). */
	uint8_t pk[crypto_sign_PUBLICKEYBYTES];
	crypto_sign_ed25519_sk_to_pk(pk, sk);
	int err = fw_image_check(img, signed_len + SVNIC_IMAGE_SIG_BYTES, pk, target, 0, NULL);
	if (err) {
		fprintf(stderr, "svnic-image: the card would refuse this image: %s (%s); not written\n",
			fw_image_strerror(err), fw_image_errname(err));
		if (err == FW_IMAGE_BAD_ADDRESS)
			fprintf(stderr, "svnic-image: --entry must lie in [--load, --load + %zu)%s\n", plen,
				target == SVNIC_IMAGE_TARGET_RV32 ? ", below 4 GiB" : "");
		goto out;
	}
	if (write_file(out_path, img, signed_len + SVNIC_IMAGE_SIG_BYTES, 0644, 1, "image") != 0)
		goto out;
	printf("%s: %s image, version %u.%u.%u, payload %zu bytes, signed\n", out_path,
	       fw_image_target_name(target), version >> 16, (version >> 8) & 0xff, version & 0xff, plen);
	rc = 0;
out:
	sodium_memzero(sk, klen);
	free(sk);
	free(payload);
	free(img);
	return rc;
}

static int cmd_verify(int argc, char **argv)
{
	enum { O_PUB = 1, O_TARGET, O_MIN };
	static const struct option opts[] = {
		{ "key-pub", required_argument, NULL, O_PUB },
		{ "target", required_argument, NULL, O_TARGET },
		{ "min-version", required_argument, NULL, O_MIN },
		{ 0, 0, 0, 0 },
	};
	const char *pub_path = NULL;
	uint32_t target = 0, min_version = 0;
	int c;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case O_PUB: pub_path = optarg; break;
		case O_TARGET:
			if (parse_target(optarg, &target))
				return usage_error("verify: --target must be rv32 or host, not '%s'", optarg);
			break;
		case O_MIN:
			if (parse_version(optarg, &min_version))
				return usage_error("verify: --min-version must be X.Y.Z, each 0..255, not '%s'", optarg);
			break;
		default:
			return usage_error("%s: bad option", "verify");
		}
	}
	if (!pub_path)
		return usage_error("%s: --key-pub FILE is required", "verify");
	if (argc - optind != 1)
		return usage_error("%s: exactly one IMAGE is required", "verify");
	const char *img_path = argv[optind];

	size_t klen, len;
	uint8_t *pk = read_file(pub_path, SVNIC_IMAGE_PUBKEY_BYTES, &klen, "public key");
	if (!pk)
		return EXIT_REFUSED;
	if (klen != SVNIC_IMAGE_PUBKEY_BYTES) {
		fprintf(stderr, "svnic-image: %s is %zu bytes, not a %u-byte public key (use KEYFILE.pub from 'svnic-image keygen')\n",
			pub_path, klen, SVNIC_IMAGE_PUBKEY_BYTES);
		free(pk);
		return EXIT_REFUSED;
	}
	/* Read one byte more than the largest image so "too long" is seen. */
	uint8_t *img = read_file(img_path, SVNIC_IMAGE_MAX_BYTES + 1, &len, "image");
	if (!img) {
		free(pk);
		return EXIT_REFUSED;
	}
	struct fw_image_info info;
	int err = fw_image_check(img, len, pk, target, min_version, &info);
	if (err) {
		fprintf(stderr, "svnic-image: %s: REFUSED: %s (%s)\n", img_path, fw_image_strerror(err),
			fw_image_errname(err));
		if (err == FW_IMAGE_BAD_SIGNATURE)
			fprintf(stderr, "svnic-image: check that %s is the .pub of the key %s was signed with\n",
				pub_path, img_path);
		else if (err == FW_IMAGE_TRUNCATED || err == FW_IMAGE_LENGTH_MISMATCH || err == FW_IMAGE_BAD_HASH)
			fprintf(stderr, "svnic-image: %s is %zu bytes and damaged or incomplete; copy or build it again\n",
				img_path, len);
		if (len >= SVNIC_IMAGE_HDR_BYTES && (err == FW_IMAGE_BAD_TARGET || err == FW_IMAGE_DOWNGRADE)) {
			uint32_t t = (uint32_t)img[8] | (uint32_t)img[9] << 8 | (uint32_t)img[10] << 16 |
				     (uint32_t)img[11] << 24;
			uint32_t v = (uint32_t)img[12] | (uint32_t)img[13] << 8 | (uint32_t)img[14] << 16 |
				     (uint32_t)img[15] << 24;
			if (err == FW_IMAGE_BAD_TARGET)
				fprintf(stderr, "svnic-image: image target is %s (%" PRIu32 "), wanted %s\n",
					fw_image_target_name(t), t, fw_image_target_name(target));
			else
				fprintf(stderr, "svnic-image: image version %u.%u.%u is below the minimum %u.%u.%u\n",
					v >> 16, (v >> 8) & 0xff, v & 0xff, min_version >> 16,
					(min_version >> 8) & 0xff, min_version & 0xff);
		}
		free(pk);
		free(img);
		return EXIT_REFUSED;
	}
	printf("image:       %s (%zu bytes)\n", img_path, len);
	printf("target:      %s\n", fw_image_target_name(info.target));
	printf("version:     %u.%u.%u\n", info.fw_version >> 16, (info.fw_version >> 8) & 0xff,
	       info.fw_version & 0xff);
	printf("payload:     %" PRIu32 " bytes\n", info.payload_len);
	printf("load:        0x%08" PRIx64 "\n", info.load_addr);
	printf("entry:       0x%08" PRIx64 "\n", info.entry);
	printf("sha256:      ");
	for (unsigned i = 0; i < sizeof(info.payload_sha256); i++)
		printf("%02x", info.payload_sha256[i]);
	printf("\nOK\n");
	free(pk);
	free(img);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc < 2)
		return usage_error("%s", "a command is required: keygen, build or verify");
	const char *cmd = argv[1];
	if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) {
		fputs(usage_text, stdout);
		return 0;
	}
	if (sodium_init() < 0) {
		fprintf(stderr, "svnic-image: libsodium failed to initialise\n");
		return EXIT_REFUSED;
	}
	/* getopt sees the command's own arguments, the command as argv[0]. */
	optind = 1;
	opterr = 1;
	if (strcmp(cmd, "keygen") == 0)
		return cmd_keygen(argc - 1, argv + 1);
	if (strcmp(cmd, "build") == 0)
		return cmd_build(argc - 1, argv + 1);
	if (strcmp(cmd, "verify") == 0)
		return cmd_verify(argc - 1, argv + 1);
	return usage_error("unknown command '%s' (keygen, build or verify)", cmd);
}
