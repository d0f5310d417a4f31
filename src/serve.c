/*
** serve.c: `bangfu serve`: the server itself (libevent's evhttp, one event
** loop a worker process, workers.c watching them), its routes, and
** dispatch(), which every request goes through.
**
** The route table says which roles may use a route; the session (an
** HttpOnly, SameSite=Strict cookie whose token is kept only as a hash)
** names the user; a state-changing request must carry the session's CSRF
** token; every value is checked to be text.  Permission is checked before
** any handler runs.  Handlers that do what a command does fill that
** command's typed parameters (params.h) and call it with its output
** captured, so the page, the API and the command line give the same
** answers; a command's error becomes a 400 with its message.  Records are
** limited to the user's region: a clerk of Anding sees Anding, not
** Minxian.  The handlers: signin.c, dashboard.c, records.c, upload.c,
** projects.c, reportpages.c, complaints.c; the public portal's routes
** (portal.c) are PUBLIC: no session is read for them.  What every handler
** shares is in web.c.
*/
#include "bangfu.h"
#include "heads.h"
#include "web.h"
#include "workers.h"
#include <arpa/inet.h>
#include <event2/buffer.h>
#include <event2/listener.h>
#include <netinet/tcp.h>
#include <string.h>
#include <dirent.h>
#include <event2/bufferevent.h>
#include <linux/sockios.h>
#include <sys/ioctl.h>
#include <sys/queue.h>
#include <sys/wait.h>
#include "banned.h"


/* ---- routes ---------------------------------------------------------------- */

static const struct route routes[] = {
	{ EVHTTP_REQ_GET, "/", ANYONE, h_home },
	{ EVHTTP_REQ_GET, "/static/app.css", ANYONE, h_css },
	{ EVHTTP_REQ_GET, "/login", ANYONE, h_login },
	{ EVHTTP_REQ_POST, "/login", ANYONE, h_login },
	{ EVHTTP_REQ_POST, "/logout", STAFF, h_logout },
	{ EVHTTP_REQ_GET, "/dashboard", STAFF, h_dashboard },
	{ EVHTTP_REQ_GET, "/records/", STAFF, h_records },
	{ EVHTTP_REQ_GET, "/records", STAFF, h_records }, /* the index of every kind */
	{ EVHTTP_REQ_GET, "/audit", R(ROLE_ADMIN) | R(ROLE_AUDITOR), h_audit },
	{ EVHTTP_REQ_GET, "/checks", R(ROLE_ADMIN) | R(ROLE_AUDITOR), h_checks },
	{ EVHTTP_REQ_GET, "/checks/", R(ROLE_ADMIN) | R(ROLE_AUDITOR), h_checks },
	{ EVHTTP_REQ_POST, "/checks/", R(ROLE_ADMIN) | R(ROLE_AUDITOR), h_checks },
	{ EVHTTP_REQ_GET, "/api/v1/checks", R(ROLE_ADMIN) | R(ROLE_AUDITOR), h_api_findings },
	{ EVHTTP_REQ_GET, "/api/v1/findings", R(ROLE_ADMIN) | R(ROLE_AUDITOR), h_api_findings },
	{ EVHTTP_REQ_GET, "/complaints", R(ROLE_ADMIN) | R(ROLE_CLERK) | R(ROLE_AUDITOR), h_complaints },
	{ EVHTTP_REQ_GET, "/complaints/", R(ROLE_ADMIN) | R(ROLE_CLERK) | R(ROLE_AUDITOR), h_complaint },
	{ EVHTTP_REQ_POST, "/complaints/", R(ROLE_ADMIN) | R(ROLE_CLERK), h_complaint },
	{ EVHTTP_REQ_GET, "/import", R(ROLE_ADMIN) | R(ROLE_CLERK) | R(ROLE_EAST), h_import },
	{ EVHTTP_REQ_POST, "/import", R(ROLE_ADMIN) | R(ROLE_CLERK) | R(ROLE_EAST), h_import },
	{ EVHTTP_REQ_GET, "/import/template/", R(ROLE_ADMIN) | R(ROLE_CLERK) | R(ROLE_EAST), h_import_template },
	{ EVHTTP_REQ_POST, "/api/v1/import", R(ROLE_ADMIN) | R(ROLE_CLERK) | R(ROLE_EAST), h_api_import },
	{ EVHTTP_REQ_GET, "/projects/", STAFF, h_project },
	{ EVHTTP_REQ_GET, "/trace/", STAFF, h_trace_page },
	{ EVHTTP_REQ_GET, "/reports/", STAFF, h_report_page },
	{ EVHTTP_REQ_GET, "/bulletin", STAFF, h_bulletin_page },
	{ EVHTTP_REQ_POST, "/projects/", R(ROLE_ADMIN) | R(ROLE_CLERK), h_project },
	{ EVHTTP_REQ_POST, "/api/v1/projects/", R(ROLE_ADMIN) | R(ROLE_CLERK), h_api_step },
	{ EVHTTP_REQ_GET, "/api", STAFF, h_api_doc },
	{ EVHTTP_REQ_GET, "/api/v1/me", STAFF, h_api_me },
	{ EVHTTP_REQ_GET, "/api/v1/records/", STAFF, h_api_records },
	{ EVHTTP_REQ_GET, "/api/v1/reports/", STAFF, h_api_report },
	{ EVHTTP_REQ_GET, "/api/v1/trace/", STAFF, h_api_trace },
	{ EVHTTP_REQ_GET, "/api/v1/bulletin", STAFF, h_api_bulletin },
};

static const struct route *route_find(const char *path, int method, int *path_known)
{
	*path_known = 0;
	const struct route *t = starts_with(path, "/p/") || streq(path, "/p") ? portal_routes : routes;
	int n = t == routes ? (int)ARRAY_SIZE(routes) : nportal_routes;
	for (int i = 0; i < n; i++) {
		const char *p = t[i].path;
		size_t len = strlen(p);
		int match = p[len - 1] == '/' && len > 1 ? strncmp(path, p, len) == 0 && path[len] : streq(path, p);
		if (!match)
			continue;
		*path_known = 1;
		if (t[i].method == method || (method == EVHTTP_REQ_HEAD && t[i].method == EVHTTP_REQ_GET))
			return &t[i];
	}
	return NULL;
}

/* Is s an IPv4 or IPv6 address (not a name)? */
static int ip_address(const char *s)
{
	unsigned char bin[16];
	return inet_pton(AF_INET, s, bin) == 1 || inet_pton(AF_INET6, s, bin) == 1;
}

/* The client's address: the connection's peer; or, when the peer is the
** reverse proxy named by --proxy, the address that proxy saw and put last
** in X-Forwarded-For (what a client wrote there itself comes before it,
** and is not believed). */
static void client_addr(struct evhttp_request *r, const char *proxy, char out[64])
{
	char *host = NULL;
	ev_uint16_t port = 0;
	struct evhttp_connection *conn = evhttp_request_get_connection(r);
	if (conn)
		evhttp_connection_get_peer(conn, &host, &port);
	snprintf(out, 64, "%s", host ? host : "?");
	if (!proxy || !host || !streq(host, proxy))
		return;
	const char *xff = NULL;
	struct evkeyval *h;
	TAILQ_FOREACH(h, evhttp_request_get_input_headers(r), next)
		if (strcasecmp(h->key, "X-Forwarded-For") == 0)
			xff = h->value;
	if (!xff)
		return;
	const char *last = strrchr(xff, ',');
	last = last ? last + 1 : xff;
	last += strspn(last, " \t");
	char a[64];
	snprintf(a, sizeof a, "%.*s", (int)strcspn(last, " \t"), last);
	if (ip_address(a))
		snprintf(out, 64, "%s", a);
}

static struct conn_watch *watch_of(struct app *app, int fd);

static void on_conn_close(struct evhttp_connection *conn, void *arg)
{
	struct app *app = arg;
	char k[32];
	snprintf(k, sizeof k, "%p", (void *)conn);
	if (!map_get(&app->open, k))
		return;
	map_put(&app->open, k, NULL);
	app->conns--;
	struct bufferevent *bev = evhttp_connection_get_bufferevent(conn);
	struct conn_watch *w = bev ? watch_of(app, (int)bufferevent_getfd(bev)) : NULL;
	if (w && w->bev == bev)
		w->bev = NULL;
	if (app->stopping) { /* the last answer went out: the worker ends */
		if (app->conns <= 0)
			event_base_loopexit(app->base, NULL);
		return;
	}
	if (app->paused && app->conns < app->max_conns) {
		evconnlistener_enable(app->listener);
		app->paused = 0;
	}
}

/* Counts the connection a request came on; at the limit, stops accepting. */
static void track_connection(struct app *app, struct evhttp_request *r)
{
	struct evhttp_connection *conn = evhttp_request_get_connection(r);
	char k[32];
	snprintf(k, sizeof k, "%p", (void *)conn);
	if (!conn || map_get(&app->open, k))
		return;
	map_put(&app->open, k, app);
	evhttp_connection_set_closecb(conn, on_conn_close, app);
	if (++app->conns >= app->max_conns && !app->paused && app->listener) {
		evconnlistener_disable(app->listener);
		app->paused = 1;
	}
}

/*
** Does a request read the standby?  A GET, unless its user wrote lately
** (bf_lsn: where the store's log stood after the write) and the standby
** has not replayed that far; once it has, the cookie goes.
*/
static int reads_replica(const struct route *rt, struct req *q)
{
	struct app *app = q->app;
	if (!app->replica || (evhttp_request_get_command(q->r) != EVHTTP_REQ_GET && !rt->reads))
		return 0;
	if (!db_usable(app->replica)) /* the standby is down: the store answers */
		return 0;
	char lsn[40];
	if (!cookie(q->r, "bf_lsn", lsn, sizeof lsn))
		return 1;
	size_t hi = strspn(lsn, "0123456789ABCDEF");
	if (hi == 0 || lsn[hi] != '/' || !lsn[hi + 1] || lsn[hi + 1 + strspn(lsn + hi + 1, "0123456789ABCDEF")])
		return 0; /* not what this server set: the store answers */
	int caught_up = db_int(app->replica, 0, "SELECT CASE WHEN pg_last_wal_replay_lsn() >= CAST(? AS pg_lsn) "
				"THEN 1 ELSE 0 END", lsn, (char *)NULL) == 1;
	if (caught_up)
		set_cookie(q, "bf_lsn", "", 0);
	return caught_up;
}

/* A handler that dies (a store error) answers 500; the server goes on.
** One that died because the standby went away under it is run again,
** the store answering. */
static void run_handler(const struct route *rt, struct req *q)
{
	struct app *app = q->app;
	for (volatile int again = 0;; again = 1) {
		struct die_trap trap;
		if (setjmp(trap.jb) == 0) {
			die_trap_set(&trap);
			if (!again && reads_replica(rt, q))
				app->c->db = app->replica;
			else if (!again && app->replica && evhttp_request_get_command(q->r) == EVHTTP_REQ_POST)
				q->wrote = 1;
			rt->fn(q);
			die_trap_set(NULL);
			break;
		}
		db_abort(app->c->db);
		app->c->db = app->primary;
		if (!again && app->replica && db_lost(app->replica)) {
			buf_reset(&q->body);
			continue;
		}
		fprintf(stderr, "bangfu: serve: %s: %s\n", q->path, trap.msg);
		fail(q, 500, "Internal Server Error", "internal", NULL);
		break;
	}
	app->c->db = app->primary;
}

static void deadline_push(struct app *app, struct evhttp_request *r);

/* Are every name and value of h text: valid UTF-8 without control
** characters (names short)?  A form's pasted CSV may hold line breaks. */
static int values_ok(struct evkeyvalq *h)
{
	struct evkeyval *kv;
	TAILQ_FOREACH(kv, h, next)
		if (!text_ok(kv->key, 64) || !text_lines_ok(kv->value, SIZE_MAX))
			return 0;
	return 1;
}

static void dispatch(struct evhttp_request *r, void *arg)
{
	struct app *app = arg;
	track_connection(app, r);
	deadline_push(app, r);
	if (app->stopping) /* answered, and then the connection closes: nothing new comes on it */
		evhttp_add_header(evhttp_request_get_output_headers(r), "Connection", "close");
	struct req q;
	memset(&q, 0, sizeof q);
	q.app = app;
	q.r = r;
	q.body = app->body; /* grown once, not at every request */
	buf_reset(&q.body);
	TAILQ_INIT(&q.query);
	TAILQ_INIT(&q.form);
	const struct evhttp_uri *uri = evhttp_request_get_evhttp_uri(r);
	const char *path = uri ? evhttp_uri_get_path(uri) : NULL;
	/* the path as the record's id in it was written: a link escapes an id
	** (安定-2020-01 is %E5%AE%89...), and a handler looks the id up as it
	** is stored.  A decoded NUL ends the path early: refused below */
	size_t plen = 0;
	char *decoded = path && strchr(path, '%') ? evhttp_uridecode(path, 0, &plen) : NULL;
	q.path = decoded ? decoded : path && *path ? path : "/";
	client_addr(r, app->proxy, q.addr);
	const char *query = uri ? evhttp_uri_get_query(uri) : NULL;
	if (query && evhttp_parse_query_str(query, &q.query) != 0) {
		answer(&q, 400, "Bad Request", "text/plain; charset=utf-8", "bad query\n", 10);
		goto done;
	}
	/* every value a handler may read is text: a bad one is answered here,
	** never passed on to a page, a message or a query */
	if ((decoded && strlen(decoded) != plen) || !text_ok(q.path, 2048) || !values_ok(&q.query)) {
		q.path = starts_with(q.path, "/api/") ? "/api/" : "/";
		fail(&q, 400, "Bad Request", "bad_request",
		     "the address holds something that is not text (UTF-8): check the link");
		goto done;
	}
	/* the language: ?lang= (remembered in a cookie), else the cookie; only
	** the languages there are */
	char lang[16] = "";
	const char *ql = evhttp_find_header(&q.query, "lang");
	if (ql && (streq(ql, "en") || streq(ql, "zh-TW") || streq(ql, "zh-CN"))) {
		snprintf(lang, sizeof lang, "%s", ql);
		set_cookie(&q, "bf_lang", lang, 365 * 86400);
	} else {
		cookie(r, "bf_lang", lang, sizeof lang);
	}
	q.lang = streq(lang, "en") ? EN : streq(lang, "zh-TW") ? ZH_TW : ZH_CN;
	int method = (int)evhttp_request_get_command(r), known;
	const struct route *rt = route_find(q.path, method, &known);
	if (!rt) {
		if (known)
			fail(&q, 405, "Method Not Allowed", "bad_request", "method not allowed");
		else
			fail(&q, 404, "Not Found", "not_found", NULL);
		goto done;
	}
	const char *ctype = evhttp_find_header(evhttp_request_get_input_headers(r), "Content-Type");
	/* a page's form; the API's bodies are what its calls say (a CSV) */
	if (method == EVHTTP_REQ_POST && !is_api(&q) && ctype &&
	    starts_with(ctype, "application/x-www-form-urlencoded")) {
		struct evbuffer *in = evhttp_request_get_input_buffer(r);
		size_t n = evbuffer_get_length(in);
		char *body = xmalloc(n + 1);
		evbuffer_copyout(in, body, n);
		body[n] = 0;
		int bad = evhttp_parse_query_str(body, &q.form) != 0 || !values_ok(&q.form);
		free(body);
		if (bad) {
			fail(&q, 400, "Bad Request", "bad_request", "malformed form");
			goto done;
		}
	} else if (method == EVHTTP_REQ_POST && ctype && starts_with(ctype, "multipart/form-data")) {
		/* a form with files: its plain fields (the CSRF token) go to the
		** form too, when they are one line */
		struct evbuffer *in = evhttp_request_get_input_buffer(r);
		size_t n = evbuffer_get_length(in);
		const char *body = (const char *)evbuffer_pullup(in, -1);
		q.nparts = multipart_parse(ctype, body ? body : "", n, &q.parts);
		if (q.nparts < 0) {
			q.nparts = 0;
			fail(&q, 400, "Bad Request", "bad_request", "malformed multipart form");
			goto done;
		}
		for (int i = 0; i < q.nparts; i++)
			if (!q.parts[i].filename && !strpbrk(q.parts[i].data, "\r\n"))
				evhttp_add_header(&q.form, q.parts[i].name, q.parts[i].data);
		if (!values_ok(&q.form)) {
			fail(&q, 400, "Bad Request", "bad_request", "malformed multipart form");
			goto done;
		}
	}
	if (rt->roles != PUBLIC)
		session_load(&q);
	/* permission first: who may use the route */
	if (rt->roles > 0) {
		if (!q.u.name[0]) {
			if (is_api(&q))
				fail(&q, 401, "Unauthorized", "signin", NULL);
			else
				redirect(&q, "/login");
			goto done;
		}
		if (!(rt->roles & R(q.u.role))) {
			fail(&q, 403, "Forbidden", "forbidden", NULL);
			goto done;
		}
	}
	/* a state-changing request carries its CSRF token: the session's, or
	** before sign-in the one the sign-in form set in a cookie */
	if (method == EVHTTP_REQ_POST) {
		const char *sent = evhttp_find_header(&q.form, "csrf");
		if (!sent)
			sent = evhttp_find_header(evhttp_request_get_input_headers(r), "X-CSRF-Token");
		char pre[64] = "";
		const char *want = q.u.name[0] && !streq(q.path, "/login") ? q.csrf
				   : cookie(r, "bf_pre", pre, sizeof pre) ? pre : NULL;
		if (!sent || !want || !*want || strlen(sent) != strlen(want) ||
		    sodium_memcmp(sent, want, strlen(want)) != 0) {
			fail(&q, 403, "Forbidden", "csrf", NULL);
			goto done;
		}
	}
	run_handler(rt, &q);
done:
	free(decoded);
	evhttp_clear_headers(&q.query);
	evhttp_clear_headers(&q.form);
	multipart_free(q.parts, q.nparts);
	if (q.body.cap > (1 << 20)) /* a big answer's memory goes back */
		buf_release(&q.body);
	app->body = q.body;
}

static void on_worker_death(void)
{
	private_dirs_clear();
}

/*
** Deadlines.  evhttp's own timeout is for a connection that is silent; a
** request trickled a byte at a time would hold its connection for ever.
** So a connection must bring a whole request within --request-seconds of
** being accepted, and the next one within twice that of the previous
** request (an idle keep-alive, then the request).  Once a second the
** worker looks at its open sockets (/proc/self/fd): a connection of this
** server's port is known by its descriptor and its client's address and
** port; one past its deadline, with no answer still being sent, has its
** socket shut, which evhttp then closes as it closes any connection its
** client dropped.
*/
static struct app *the_app; /* for the listener's error callback */

static struct conn_watch *watch_of(struct app *app, int fd)
{
	if (fd < 0 || fd > 1 << 20)
		return NULL;
	if (fd >= app->ndeadline) {
		int n = fd + 256;
		app->deadline = xrealloc(app->deadline, (size_t)n * sizeof *app->deadline);
		memset(app->deadline + app->ndeadline, 0, (size_t)(n - app->ndeadline) * sizeof *app->deadline);
		app->ndeadline = n;
	}
	return &app->deadline[fd];
}

/* fd's client, when fd is a connection to this server's port; else 0. */
static int peer_of(struct app *app, int fd, struct sockaddr_storage *peer)
{
	struct sockaddr_storage a;
	socklen_t la = sizeof a, lp = sizeof *peer;
	if (fd == evconnlistener_get_fd(app->listener) || getsockname(fd, (struct sockaddr *)&a, &la) != 0 ||
	    (a.ss_family != AF_INET && a.ss_family != AF_INET6))
		return 0;
	in_port_t pa = a.ss_family == AF_INET6 ? ((struct sockaddr_in6 *)&a)->sin6_port
					       : ((struct sockaddr_in *)&a)->sin_port;
	memset(peer, 0, sizeof *peer);
	return pa == app->listen_port && getpeername(fd, (struct sockaddr *)peer, &lp) == 0;
}

/* A whole request arrived on r's connection: the next has till then. */
static void deadline_push(struct app *app, struct evhttp_request *r)
{
	struct evhttp_connection *conn = evhttp_request_get_connection(r);
	struct bufferevent *bev = conn ? evhttp_connection_get_bufferevent(conn) : NULL;
	int fd = bev ? (int)bufferevent_getfd(bev) : -1;
	struct conn_watch *w = watch_of(app, fd);
	socklen_t lp = sizeof w->peer;
	if (!w)
		return;
	/* the peer is read on a connection's first request (on_conn_close forgets it) */
	if (w->bev != bev || !w->peer.ss_family) {
		w->bev = bev;
		memset(&w->peer, 0, sizeof w->peer);
		if (getpeername(fd, (struct sockaddr *)&w->peer, &lp) != 0)
			return;
	}
	w->deadline = time(NULL) + 2 * app->request_seconds;
}

static void on_tick(evutil_socket_t unused, short what, void *arg)
{
	struct app *app = arg;
	time_t now = time(NULL);
	DIR *d = opendir("/proc/self/fd"); /* fails when descriptors ran out: next second */
	struct dirent *e;
	while (d && (e = readdir(d)) != NULL) {
		int fd = atoi(e->d_name);
		struct sockaddr_storage peer;
		if (e->d_name[0] < '0' || e->d_name[0] > '9' || fd == dirfd(d) || !peer_of(app, fd, &peer))
			continue;
		struct conn_watch *w = watch_of(app, fd);
		if (!w)
			continue;
		if (!w->deadline || memcmp(&w->peer, &peer, sizeof peer) != 0) { /* a new connection */
			w->peer = peer;
			w->bev = NULL;
			w->deadline = now + app->request_seconds;
			continue;
		}
		/* an answer still going out: in the kernel's queue, or still in
		** the connection's own buffer (the kernel took what its queue
		** holds, and the client has read that already) */
		int unsent = 0;
		if ((ioctl(fd, SIOCOUTQ, &unsent) == 0 && unsent > 0) ||
		    (w->bev && evbuffer_get_length(bufferevent_get_output(w->bev)) > 0)) {
			w->deadline = now + app->request_seconds;
			continue;
		}
		int unread = 0;
		if (w->deadline < now || (app->stopping && ioctl(fd, FIONREAD, &unread) == 0 && unread == 0)) {
			/* past its time; or, stopping, idle between requests */
			w->deadline = 0;
			shutdown(fd, SHUT_RDWR);
		}
	}
	if (d)
		closedir(d);
	/* accepting again after running out of descriptors */
	if (app->starved && now >= app->starved && !app->stopping) {
		app->starved = 0;
		if (!app->paused)
			evconnlistener_enable(app->listener);
	}
}

/* accept() failed: out of descriptors (EMFILE, ENFILE) or of memory.  Stop
** accepting for a second, and say so once, not once an attempt. */
static void on_accept_error(struct evconnlistener *l, void *arg)
{
	(void)arg;
	struct app *app = the_app;
	int err = EVUTIL_SOCKET_ERROR();
	evconnlistener_disable(l);
	app->starved = time(NULL) + 1;
	if (!app->starve_logged) {
		fprintf(stderr, "bangfu: serve: cannot accept a connection (%s): accepting again a second later, "
			"and so on until descriptors are free\n", evutil_socket_error_to_string(err));
		app->starve_logged = 1;
	}
}

/*
** SIGTERM (or Ctrl-C): stop gracefully, as a server behind a proxy must
** (etc/nginx/bangfu.conf).  Take no new connection (the proxy sends those
** to another server), answer what has come (each answer closes its
** connection), close connections idle between requests at once, and end
** when none is left, or request-seconds later at most.  The signal may come
** twice (to the worker, and again from the first process that watches the
** workers): the second changes nothing.
*/
static void on_signal(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	struct app *app = arg;
	if (app->stopping)
		return;
	app->stopping = 1;
	if (app->listener)
		evconnlistener_disable(app->listener);
	on_tick(-1, 0, app); /* the idle ones, now */
	struct timeval most = { app->request_seconds, 0 };
	event_base_loopexit(app->base, app->conns > 0 ? &most : NULL);
}

/*
** COMMAND: serve
** USAGE: bangfu --db PATH [--read-db URL] serve [--listen ADDR:PORT] [--workers N] [--max-connections N] [--max-body MIB] [--lookup-limit N] [--proxy ADDR] [--request-seconds N] [--reply-days N] [--hotline NUMBER]
** NEEDS: write
**
** Serve the staff web UI, the JSON API and the public portal.
**
** Serves on ADDR:PORT ([ADDR]:PORT for IPv6; default 127.0.0.1:8080)
** until stopped with Ctrl-C or SIGTERM, and prints the address.
** --workers N (default 1) runs N
** processes sharing the socket, each one event loop with its own
** connection to the store; the first process only watches them, starts
** another within a second of one dying (and says so on standard error),
** and they end when it ends.  Staff sign in with the accounts of `bangfu
** user`; /api describes the JSON API.  Limits: 16 KiB of headers,
** --max-body MiB of body (default 16: the largest upload; larger bundles
** go through `bangfu import`), --request-seconds (default 30) for a whole
** request to arrive (from the connection, or twice that from the previous
** answer: a request trickled in is cut off) and for a silent connection,
** --max-connections (default 512) open connections a worker (more wait
** until one closes; out of descriptors, the worker stops accepting for a
** second at a time and says so once); a malformed request gets 400, a
** value that is not UTF-8 text 400, a body over the limit 413.
**
** The public portal (阳光公示) is at /p, for anyone: each western county's
** and pairing's money by year and source, projects with their money
** trails, village notice boards with names and identity numbers masked, a
** person's own payments by full name and identity number, reports of
** problems with a tracking number, and the ledger's daily head hashes.
** --lookup-limit N (default 10) look-ups, and as many reports, an address
** may make a minute (counted once for all the workers and all the servers
** of the store: in a file beside a SQLite store, in a PostgreSQL store
** itself, where each worker takes a limit of 128 or more a sixty-fourth
** at a time; an IPv6 address by its /64).  The report form promises a
** reply within --reply-days N working days (default 15) and names the
** hotline for complaints about poverty-relief work, --hotline NUMBER
** (default 12317).
**
** Behind a reverse proxy (nginx, or one before several servers), --proxy
** ADDR names the proxy's IP address: for requests from it, the client is
** the address the proxy put last in X-Forwarded-For (nginx:
** proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for), for the
** limits and the audit trail; from anyone else the header is ignored.
**
** Several servers may serve one store (each its own port, nginx before
** them: etc/nginx/bangfu.conf): sessions, CSRF tokens, sign-in lockouts,
** kept pages (made again after an import through any of them) and the
** portal's limits are the store's, not a server's.  Stopped (SIGTERM, or
** Ctrl-C), a server takes no new connection, answers what has come and
** ends when that has gone out (--request-seconds at most), so that a
** proxy before it loses nothing.
**
** With a PostgreSQL streaming standby of the store (bangfu --db URL
** --read-db STANDBY_URL serve), pages and the API read the standby, so
** that heavy reads do not slow the clerks' writes; writes (and sign-in,
** sessions, the audit trail, the portal's limits) go to the store.  A
** user who has just written (an import, a step) reads the store until
** the standby has replayed that write: nobody misses what they imported.
*/
int cmd_serve(struct cmdctx *c, int argc, char **argv)
{
	const char *listen = opt_value(&argc, argv, "--listen");
	const char *workers = opt_value(&argc, argv, "--workers");
	const char *maxc = opt_value(&argc, argv, "--max-connections");
	const char *maxb = opt_value(&argc, argv, "--max-body");
	const char *lookups = opt_value(&argc, argv, "--lookup-limit");
	const char *proxy = opt_value(&argc, argv, "--proxy");
	const char *reqsec = opt_value(&argc, argv, "--request-seconds");
	const char *reply_days = opt_value(&argc, argv, "--reply-days");
	const char *hotline = opt_value(&argc, argv, "--hotline");
	opt_no_more(argc, argv, "serve");
	if (argc)
		die("serve: unexpected argument %s", argv[0]);
	char host[256] = "127.0.0.1";
	int port = 8080;
	int64_t nworkers = 1;
	char why[64];
	if (workers && int_parse(workers, 1, 64, &nworkers, why, sizeof why) < 0)
		die("serve: --workers: %s", why);
	int64_t max_conns = 512;
	if (maxc && int_parse(maxc, 1, 100000, &max_conns, why, sizeof why) < 0)
		die("serve: --max-connections: %s", why);
	int64_t max_body = 16;
	if (maxb && int_parse(maxb, 1, 1024, &max_body, why, sizeof why) < 0)
		die("serve: --max-body: %s", why);
	int64_t lookup_limit = 10;
	if (lookups && int_parse(lookups, 1, 100000000, &lookup_limit, why, sizeof why) < 0)
		die("serve: --lookup-limit: %s", why);
	int64_t request_seconds = 30;
	if (reqsec && int_parse(reqsec, 1, 3600, &request_seconds, why, sizeof why) < 0)
		die("serve: --request-seconds: %s", why);
	int64_t days = 15;
	if (reply_days && int_parse(reply_days, 1, 365, &days, why, sizeof why) < 0)
		die("serve: --reply-days: %s", why);
	if (hotline && (!*hotline || strlen(hotline) > 32 || strspn(hotline, "0123456789-+ ()") != strlen(hotline)))
		die("serve: --hotline: a telephone number (digits, spaces, - + ( )), at most 32 characters");
	if (proxy && !ip_address(proxy))
		die("serve: --proxy wants the proxy's IP address, e.g. 127.0.0.1 (not %s)", proxy);
	if (listen) {
		/* ADDR:PORT, or [ADDR]:PORT for an IPv6 address */
		const char *colon = strrchr(listen, ':'), *at = listen;
		size_t len = colon ? (size_t)(colon - listen) : 0;
		if (listen[0] == '[' && colon && colon[-1] == ']') {
			at = listen + 1;
			len -= 2;
		}
		if (!colon || len == 0 || len >= sizeof host)
			die("serve: --listen wants ADDR:PORT, e.g. 127.0.0.1:8080 or [::1]:8080");
		snprintf(host, sizeof host, "%.*s", (int)len, at);
		int64_t p;
		if (int_parse(colon + 1, 0, 65535, &p, why, sizeof why) < 0)
			die("serve: --listen port: %s", why);
		port = (int)p;
	}
	struct app app;
	memset(&app, 0, sizeof app);
	buf_init(&app.body);
	app.c = c;
	/* epoll changes (a connection's read and write interest, flipped at
	** each request) are sent once a loop turn, not one call each */
	struct event_config *cfg = event_config_new();
	event_config_set_flag(cfg, EVENT_BASE_FLAG_EPOLL_USE_CHANGELIST);
	app.base = event_base_new_with_config(cfg);
	event_config_free(cfg);
	app.s2t = (opencc_t)-1;
	app.generation = -1;
	app.max_conns = (int)max_conns;
	app.lookup_limit = (int)lookup_limit;
	app.reply_days = (int)days;
	snprintf(app.hotline, sizeof app.hotline, "%s", hotline ? hotline : "12317");
	app.proxy = proxy;
	app.request_seconds = (int)request_seconds;
	{
		char *kp = heads_key_path(c->keypath);
		app.signs = heads_key_load(kp, 0, app.sign_sk, app.sign_pk) == 0;
		free(kp);
	}
	the_app = &app;
	/* the same key in every server of the store (derived from its key), so
	** that they count an address alike; SQLite's servers share a file */
	{
		char h[SECRET_HASH_LEN + 1];
		secret_hash(c->key, "limits: the keyed hash of an address", h);
		crypto_generichash(app.limit_key, sizeof app.limit_key, (const unsigned char *)h, strlen(h), NULL, 0);
		char *path = db_engine(c->db) == DB_SQLITE ? xasprintf("%s-limits", db_url(c->db)) : NULL;
		app.limits = limits_open(path);
		free(path);
	}
	if (!app.base)
		die("serve: cannot start the event loop");
	app.s2t = opencc_open("s2twp.json"); /* by phrase, as Taiwan writes it: 群眾, 軟體 */
	struct evhttp *http = evhttp_new(app.base);
	evhttp_set_max_headers_size(http, 16384);
	evhttp_set_max_body_size(http, (ev_ssize_t)(max_body << 20));
	evhttp_set_timeout(http, (int)request_seconds);
	evhttp_set_allowed_methods(http, EVHTTP_REQ_GET | EVHTTP_REQ_POST | EVHTTP_REQ_HEAD);
	evhttp_set_gencb(http, dispatch, &app);
	struct evhttp_bound_socket *sock = evhttp_bind_socket_with_handle(http, host, (ev_uint16_t)port);
	if (!sock)
		die("serve: cannot listen on %s:%d (in use, or not an address of this machine)", host, port);
	app.listener = evhttp_bound_socket_get_listener(sock);
	/* answers go out whole, not held back for the client's delayed ACK
	** (accepted sockets inherit it from the listening one) */
	int one = 1;
	setsockopt(evhttp_bound_socket_get_fd(sock), IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
	if (port == 0) {
		struct sockaddr_storage ss;
		ev_socklen_t len = sizeof ss;
		getsockname(evhttp_bound_socket_get_fd(sock), (struct sockaddr *)&ss, &len);
		port = ntohs(((struct sockaddr_in *)&ss)->sin_port);
	}
	app.listen_port = htons((uint16_t)port);
	int v6 = strchr(host, ':') != NULL;
	printf("bangfu: serving %s on http://%s%s%s:%d/\n", c->dburl, v6 ? "[" : "", host, v6 ? "]" : "", port);
	fflush(stdout);
	/* what a worker that died left in its private folders */
	private_dirs_clear();
	/* the workers: forked after the socket is bound, each with its own
	** event loop and its own connection to the store; this process only
	** watches them */
	db_close(c->db);
	c->db = NULL;
	db_close(c->rdb);
	c->rdb = NULL;
	int worker = workers_start((int)nworkers, on_worker_death);
	struct event *sigint = NULL, *sigterm = NULL, *tick = NULL;
	if (worker >= 0) {
		event_reinit(app.base);
		c->db = db_open(c->dburl, DB_WRITE);
		/* requests repeat their queries: keep them prepared */
		db_serving(c->db);
		app.primary = c->db;
		if (c->readurl) {
			c->rdb = app.replica = db_open(c->readurl, 0);
			db_serving(c->rdb);
		}
		sigint = evsignal_new(app.base, SIGINT, on_signal, &app);
		sigterm = evsignal_new(app.base, SIGTERM, on_signal, &app);
		event_add(sigint, NULL);
		event_add(sigterm, NULL);
		evconnlistener_set_error_cb(app.listener, on_accept_error);
		tick = event_new(app.base, -1, EV_PERSIST, on_tick, &app);
		struct timeval second = { 1, 0 };
		event_add(tick, &second);
		event_base_dispatch(app.base);
		event_free(sigint);
		event_free(sigterm);
		event_free(tick);
	}
	evhttp_free(http);
	event_base_free(app.base);
	if (app.s2t != (opencc_t)-1)
		opencc_close(app.s2t);
	map_release(&app.pages, free);
	map_release(&app.open, NULL);
	map_release(&app.kept, buf_free);
	limits_free(app.limits);
	buf_release(&app.body);
	map_release(&app.project_names, free);
	free(app.deadline);
	sodium_memzero(app.sign_sk, sizeof app.sign_sk);
	if (worker >= 0) {
		db_close(c->db);
		db_close(c->rdb);
		_exit(0);
	}
	return 0;
}
