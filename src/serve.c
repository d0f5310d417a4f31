/*
** serve.c: `bangfu serve`, the web server (libevent's evhttp).
**
** For now it serves the start page: what the store holds, kind by kind.
** The staff UI, the JSON API and the public portal are built on it.
*/
#include "bangfu.h"
#include "cmd.h"
#include "kinds.h"
#include <event2/buffer.h>
#include <event2/event.h>
#include <event2/http.h>
#include <event2/keyvalq_struct.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include "banned.h"

struct server {
	struct cmdctx *c;
	struct event_base *base;
};

static void security_headers(struct evhttp_request *req, const char *type)
{
	struct evkeyvalq *h = evhttp_request_get_output_headers(req);
	evhttp_add_header(h, "Content-Type", type);
	evhttp_add_header(h, "Content-Security-Policy", "default-src 'self'; frame-ancestors 'none'");
	evhttp_add_header(h, "X-Content-Type-Options", "nosniff");
	evhttp_add_header(h, "X-Frame-Options", "DENY");
	evhttp_add_header(h, "Referrer-Policy", "same-origin");
}

static void page_home(struct evhttp_request *req, void *arg)
{
	struct server *sv = arg;
	if (evhttp_request_get_command(req) != EVHTTP_REQ_GET &&
	    evhttp_request_get_command(req) != EVHTTP_REQ_HEAD) {
		evhttp_send_error(req, 405, "Method Not Allowed");
		return;
	}
	const char *path = evhttp_uri_get_path(evhttp_request_get_evhttp_uri(req));
	if (!path || !streq(path, "/")) {
		evhttp_send_error(req, 404, "Not Found");
		return;
	}
	struct buf b = BUF_INIT;
	buf_adds(&b, "<!doctype html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
		     "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">"
		     "<title>帮扶 Bangfu</title></head><body>"
		     "<h1>帮扶 · 东西部协作</h1><p>本库现有记录：</p><table>");
	for (int i = 0; i < nkinds; i++) {
		char sql[96];
		snprintf(sql, sizeof sql, "SELECT count(*) FROM %s", kinds[i].name);
		int64_t n = db_int(sv->c->db, 0, sql, (char *)NULL);
		buf_adds(&b, "<tr><th>");
		buf_add_html(&b, kinds[i].label);
		buf_addf(&b, "</th><td>%lld</td></tr>", (long long)n);
	}
	buf_adds(&b, "</table></body></html>\n");
	security_headers(req, "text/html; charset=utf-8");
	struct evbuffer *out = evbuffer_new();
	evbuffer_add(out, b.s, b.len);
	evhttp_send_reply(req, 200, "OK", out);
	evbuffer_free(out);
	buf_release(&b);
}

static void on_signal(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	event_base_loopexit(((struct server *)arg)->base, NULL);
}

/*
** COMMAND: serve
** USAGE: bangfu --db PATH serve [--listen ADDR:PORT]
** NEEDS: read
**
** Serve the web UI.
**
** Serves on ADDR:PORT (default 127.0.0.1:8080) until stopped
** with Ctrl-C or SIGTERM.  Prints the address it serves on.
*/
int cmd_serve(struct cmdctx *c, int argc, char **argv)
{
	const char *listen = opt_value(&argc, argv, "--listen");
	opt_no_more(argc, argv, "serve");
	if (argc)
		die("serve: unexpected argument %s", argv[0]);
	char host[256] = "127.0.0.1";
	int port = 8080;
	if (listen) {
		const char *colon = strrchr(listen, ':');
		if (!colon || colon == listen || (size_t)(colon - listen) >= sizeof host)
			die("serve: --listen wants ADDR:PORT, e.g. 127.0.0.1:8080");
		snprintf(host, sizeof host, "%.*s", (int)(colon - listen), listen);
		int64_t p;
		char why[64];
		if (int_parse(colon + 1, 0, 65535, &p, why, sizeof why) < 0)
			die("serve: --listen port: %s", why);
		port = (int)p;
	}
	struct server sv = { c, event_base_new() };
	if (!sv.base)
		die("serve: cannot start the event loop");
	struct evhttp *http = evhttp_new(sv.base);
	evhttp_set_max_headers_size(http, 16384);
	evhttp_set_max_body_size(http, 1 << 20);
	evhttp_set_timeout(http, 30);
	evhttp_set_gencb(http, page_home, &sv);
	struct evhttp_bound_socket *sock = evhttp_bind_socket_with_handle(http, host, (ev_uint16_t)port);
	if (!sock)
		die("serve: cannot listen on %s:%d (in use, or not an address of this machine)", host, port);
	if (port == 0) {
		struct sockaddr_storage ss;
		ev_socklen_t len = sizeof ss;
		getsockname(evhttp_bound_socket_get_fd(sock), (struct sockaddr *)&ss, &len);
		port = ntohs(((struct sockaddr_in *)&ss)->sin_port);
	}
	struct event *sigint = evsignal_new(sv.base, SIGINT, on_signal, &sv);
	struct event *sigterm = evsignal_new(sv.base, SIGTERM, on_signal, &sv);
	event_add(sigint, NULL);
	event_add(sigterm, NULL);
	printf("bangfu: serving %s on http://%s:%d/\n", c->dburl, host, port);
	fflush(stdout);
	event_base_dispatch(sv.base);
	event_free(sigint);
	event_free(sigterm);
	evhttp_free(http);
	event_base_free(sv.base);
	return 0;
}
