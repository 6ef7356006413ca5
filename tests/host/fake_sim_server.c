/* SPDX-License-Identifier: MIT */
/*
 * svnic-fake-sim: the fake card (fake_card.c) served on a Unix socket with
 * the simlink protocol, for tests of svnicctl and svnicd without the real
 * simulator. One line on stdout per mailbox command and per DMA map, irq
 * and ioeventfd request, so tests can check what the host side did.
 *
 * Usage: svnic-fake-sim SOCKET_PATH   (stops on SIGINT/SIGTERM)
 */
#include <errno.h>
#include <inttypes.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "fake_card.h"
#include "svnic/regs.h"
#include "svnic/simlink.h"

#define MAX_CLIENTS 16

static volatile sig_atomic_t stop_requested;

static void on_signal(int sig)
{
	(void)sig;
	stop_requested = 1;
}

/* Read one whole message and its fd, if any. 0, or -1 on EOF/error. */
static int recv_req(int fd, struct svnic_link_msg *m, int *rfd)
{
	size_t done = 0;

	*rfd = -1;
	for (int pass = 0; done < sizeof(*m) && pass < 64; pass++) {
		union {
			char buf[CMSG_SPACE(sizeof(int))];
			struct cmsghdr align;
		} ctl;
		struct iovec iov = { (char *)m + done, sizeof(*m) - done };
		struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1,
				     .msg_control = ctl.buf,
				     .msg_controllen = sizeof(ctl.buf) };
		struct cmsghdr *c;
		ssize_t n = recvmsg(fd, &mh, MSG_CMSG_CLOEXEC);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		for (c = CMSG_FIRSTHDR(&mh); c; c = CMSG_NXTHDR(&mh, c))
			if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS)
				memcpy(rfd, CMSG_DATA(c), sizeof(int));
		done += (size_t)n;
	}
	return done == sizeof(*m) ? 0 : -1;
}

static void log_req(const struct fake_card *c, const struct svnic_link_msg *m,
		    int fd, const struct svnic_link_msg *r)
{
	switch (m->op) {
	case SVNIC_LINK_REG_WRITE:
		if (m->addr == SVNIC_HOST_MBOX_DOORBELL) {
			struct svnic_mbox_hdr h;

			memcpy(&h, c->last_req, sizeof(h));
			printf("mbox op=0x%02x vif=%u len=%u status=%u", h.opcode,
			       h.vif, h.len, c->rsp[0]);
			if (h.opcode == SVNIC_MBOX_OP_QUEUE_ATTACH) {
				struct svnic_mbox_queue_attach_req q;

				memcpy(&q, c->last_req, sizeof(q));
				printf(" queue=%u size=%u desc=0x%" PRIx64
				       " avail=0x%" PRIx64 " used=0x%" PRIx64
				       " avail_idx=%u used_idx=%u vector=%u",
				       q.queue, q.size, q.desc, q.avail, q.used,
				       q.avail_idx, q.used_idx, q.vector);
			}
			printf("\n");
		}
		break;
	case SVNIC_LINK_DMA_MAP:
		printf("dma_map domain=%u iova=0x%" PRIx64 " size=0x%" PRIx64
		       " offset=0x%" PRIx64 " fd=%s status=%d\n",
		       m->domain, m->addr, m->size, m->offset,
		       fd >= 0 ? "yes" : "no", r->status);
		break;
	case SVNIC_LINK_DMA_UNMAP:
		printf("dma_unmap domain=%u iova=0x%" PRIx64 " size=0x%" PRIx64
		       " status=%d\n",
		       m->domain, m->addr, m->size, r->status);
		break;
	case SVNIC_LINK_SET_IRQ:
		printf("set_irq vector=%u fd=%s status=%d\n", m->value,
		       fd >= 0 ? "yes" : "no", r->status);
		break;
	case SVNIC_LINK_SET_IOEVENTFD:
		printf("set_ioeventfd reg=0x%" PRIx64 " value=%u fd=%s status=%d\n",
		       m->addr, m->value, fd >= 0 ? "yes" : "no", r->status);
		break;
	}
	fflush(stdout);
}

int main(int argc, char **argv)
{
	static struct fake_card card;
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	struct pollfd pf[MAX_CLIENTS + 1];
	struct sigaction act = { .sa_handler = on_signal };
	int nclients = 0;
	int lfd;

	if (argc != 2 || strlen(argv[1]) >= sizeof(sa.sun_path)) {
		fprintf(stderr, "usage: svnic-fake-sim SOCKET_PATH\n");
		return 2;
	}
	sigaction(SIGINT, &act, NULL);
	sigaction(SIGTERM, &act, NULL);
	signal(SIGPIPE, SIG_IGN);
	fake_card_init(&card);
	strcpy(sa.sun_path, argv[1]);
	unlink(argv[1]);
	lfd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (lfd < 0 || bind(lfd, (struct sockaddr *)&sa, sizeof(sa)) < 0 ||
	    listen(lfd, 8) < 0) {
		perror("svnic-fake-sim");
		return 1;
	}
	printf("listening on %s\n", argv[1]);
	fflush(stdout);
	pf[0].fd = lfd;
	pf[0].events = POLLIN;
	while (!stop_requested) {
		int n = poll(pf, (nfds_t)nclients + 1, 200);

		if (n <= 0)
			continue;
		if ((pf[0].revents & POLLIN) && nclients < MAX_CLIENTS) {
			int cfd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC);

			if (cfd >= 0) {
				pf[nclients + 1].fd = cfd;
				pf[nclients + 1].events = POLLIN;
				pf[nclients + 1].revents = 0;
				nclients++;
			}
		}
		for (int i = 1; i <= nclients; i++) {
			struct svnic_link_msg m, r;
			int rfd;

			if (!(pf[i].revents & (POLLIN | POLLHUP | POLLERR)))
				continue;
			if (recv_req(pf[i].fd, &m, &rfd) < 0) {
				/* A client gone with the mailbox lock frees it. */
				close(pf[i].fd);
				pf[i] = pf[nclients];
				nclients--;
				i--;
				card.lock_held = false;
				continue;
			}
			fake_card_link(&card, &m, rfd, &r);
			log_req(&card, &m, rfd, &r);
			if (rfd >= 0)
				close(rfd);
			if (send(pf[i].fd, &r, sizeof(r), MSG_NOSIGNAL) != sizeof(r)) {
				close(pf[i].fd);
				pf[i] = pf[nclients];
				nclients--;
				i--;
			}
		}
	}
	fake_card_fini(&card);
	unlink(argv[1]);
	return 0;
}
