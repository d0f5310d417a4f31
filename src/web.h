/*
** web.h: the server's own header: the application a worker process runs,
** one request as dispatch() prepares it for a handler, and the helpers
** every handler uses (web.c).  The staff pages and API are in serve.c, the
** public portal in portal.c.
*/
#ifndef WEB_H
#define WEB_H
#include "bangfu.h"
#include "cmd.h"
#include "figures.h"
#include "map.h"
#include "multipart.h"
#include "params.h"
#include "users.h"
#include <event2/http.h>
#include <event2/keyvalq_struct.h>
#include <jansson.h>
#include <sys/socket.h>
#include <time.h>
#include <opencc/opencc.h>

#define SESSION_SECONDS (8 * 3600)

enum lang { ZH_CN, ZH_TW, EN };

/* Who may use a route: roles as R(ROLE_...) bits; ANYONE without signing
** in (the sign-in page); PUBLIC the public portal, where no session is
** even read. */
#define ANYONE 0
#define PUBLIC (-1)
#define STAFF 0x1f
#define R(x) (1 << (x))

struct req;
struct route {
	int method;          /* EVHTTP_REQ_GET or EVHTTP_REQ_POST */
	const char *path;    /* exact, or a prefix when it ends in '/' */
	int roles;
	void (*fn)(struct req *q);
	int reads;           /* a POST that only reads (a look-up): a standby answers it */
};
extern const struct route portal_routes[]; /* portal.c */
extern const int nportal_routes;

struct app {
	struct cmdctx *c;     /* c->db: the connection a request reads (primary or replica) */
	/* the store, and a PostgreSQL standby (serve --read-db) or NULL: a
	** GET reads the standby unless its user has just written what it has
	** not replayed yet (the bf_lsn cookie); what a GET writes (the audit
	** trail, the portal's limits) goes to the store */
	struct db *primary, *replica;
	struct event_base *base;
	opencc_t s2t;
	struct map pages;     /* dashboards made, by generation, region, year, language */
	int64_t generation;   /* of the store they were made from */
	/* at most max_conns connections at a time: beyond, new ones wait in the
	** kernel's backlog until one closes */
	struct evconnlistener *listener;
	struct map open;      /* connection address -> open (1) or closed (NULL) */
	int conns, max_conns, paused;
	int stopping;         /* SIGTERM: answering what has come, taking nothing new */
	/* the public portal */
	struct map kept;               /* answers made, kept until the store changes (struct buf) */
	struct limit_slot *limits;     /* look-ups and reports a minute, by hashed address: one
					** table all the workers share (limits.c) */
	unsigned char limit_key[32];   /* for hashing addresses: never kept in clear */
	int lookup_limit;              /* look-ups (and reports) an address a minute */
	int reply_days;                /* a report is answered within so many working days */
	char hotline[40];              /* the hotline the portal names (12317) */
	const char *proxy;             /* a reverse proxy's address, whose X-Forwarded-For is believed */
	struct buf body;               /* the answer's buffer, reused request after request */
	struct map project_names;      /* project id -> "name\0county's name" (never change once stored) */
	char decoy[SECRET_HASH_LEN + 1]; /* a registered number's hash, for the look-up's even timing */
	/* each connection's deadline for a whole request, by its socket */
	struct conn_watch *deadline;
	int ndeadline;
	/* the ledger heads' signing key (heads.c), when the installation has one */
	int signs;
	unsigned char sign_sk[64], sign_pk[32];
	int request_seconds;           /* for a whole request (serve --request-seconds) */
	uint16_t listen_port;          /* the listener's port, in network order */
	time_t starved;                /* accepting stopped (no descriptors) until then */
	int starve_logged;
};

struct bufferevent;
struct conn_watch {
	struct sockaddr_storage peer;  /* the client's address and port */
	time_t deadline;
	struct bufferevent *bev;       /* after its first request, till it closes */
};

/* One request as dispatch() prepares it for a handler. */
struct req {
	struct app *app;
	struct evhttp_request *r;
	const char *path;
	struct evkeyvalq query, form;
	struct user u;     /* u.name[0] == 0: nobody signed in */
	int region_east;   /* the user's region lies on the east side */
	char csrf[48];
	enum lang lang;
	char addr[64];
	char in[13];       /* a drill-down's division */
	struct buf body;   /* the answer */
	int wrote;         /* a POST with a standby: the answer says where the log stands */
	struct form_part *parts; /* a multipart form's fields and files */
	int nparts;
};

/* The message of key in the request's language (the catalogue in web.c). */
const char *T(struct req *q, const char *key);
/* A stored value (a status, a purpose) in the request's language: its
** catalogue entry, or "?" when it has none. */
const char *T_value(struct req *q, const char *value);
/* The catalogue's words for key, or fallback when it has none. */
const char *T_or(struct req *q, const char *key, const char *fallback);

/* Answers.  Every one carries the security headers (CSP without inline
** script, no framing, nosniff, no-store); style: the CSP's style-src. */
void security_headers_style(struct evhttp_request *r, const char *type, const char *style);
void security_headers(struct evhttp_request *r, const char *type);
void answer(struct req *q, int code, const char *reason, const char *type, const char *s, size_t n);
void send_page(struct req *q, int code, const char *reason); /* q->body, zh-TW through OpenCC */
void page_text(struct req *q, struct buf *out);               /* what send_page would send */
/* The store's generation (bumped by every import); when it moved, the
** pages kept from before are dropped. */
int64_t store_generation(struct req *q);
void buf_free(void *b); /* buf_release and free, for maps of bufs */
/* Answers kept until the store changes (at most 512 a worker): the public
** portal's pages, the API's reads.  kept_get: NULL when not made yet. */
const struct buf *kept_get(struct req *q, const char *key);
const struct buf *kept_put(struct req *q, const char *key, const char *s, size_t n);
void send_json(struct req *q, int code, const char *reason, json_t *j);
void download(struct req *q, const char *type, const char *name, const char *s, size_t n);
/* A CSV file to download as Excel on Chinese Windows opens it: UTF-8 with a
** byte-order mark, or GB18030 when the query asks (encoding=gb18030). */
void download_csv(struct req *q, const char *name, const char *s, size_t n);
void redirect(struct req *q, const char *to);
int is_api(struct req *q);
/* The staff pages' frame around q->body. */
void page_head(struct req *q, const char *title);
/* An error page's title in the page's language (页面不存在, not "Not Found"). */
const char *status_title(struct req *q, int code);
void page_foot(struct req *q);
/* An error: a page for a browser, JSON for the API; key names its message. */
void fail(struct req *q, int code, const char *reason, const char *key, const char *detail);

/* Sessions and cookies. */
void token_new(char out[48]);
void token_hash(const char *token, char hex[65]);
void iso_time(char out[32], long plus);
int cookie(struct evhttp_request *r, const char *name, char *out, size_t n); /* 0 when absent */
void session_load(struct req *q);
void set_cookie(struct req *q, const char *name, const char *value, long max_age);

/* The user's region: --west or --east for reports; whether a division
** code lies in it; whether a pairing is the user's to see. */
const char *region_side(struct req *q);
int in_user_region(struct req *q, const char *code);
int pairing_visible(struct req *q, struct scope *s, int p);

/* Runs a command's function (list_run, report_run ... of params.h) with
** its parameters, its output captured: 0 and the output in out (its
** diagnostics in err), 1 when it returned non-zero, -1 with its error
** message in why when it died. */
typedef int (*run_fn)(struct cmdctx *c, const void *params);
int run2(struct req *q, run_fn fn, const void *params, struct buf *out, struct buf *err, char *why, size_t n);
int run(struct req *q, run_fn fn, const void *params, struct buf *out, char *why, size_t n);
/* run, and on the command's error answer 400 with its message (out
** released): 0, or -1 when it has answered. */
int run_or_fail(struct req *q, run_fn fn, const void *params, struct buf *out);
/* Runs a command that writes a workbook: sets *fmt to xlsx and *output
** (fields of params) to a private file, and sends the file as name. */
void send_xlsx(struct req *q, run_fn fn, const void *params, const char **output, enum fmt *fmt, const char *name);
/* Fills a command's parameters from the query arguments names ("as_of" for
** the option "as-of"), each checked as the command line checks it.  0; -1
** when a value is bad (answered 400, saying which and why). */
struct param;
int query_params(struct req *q, const struct param *t, int nt, void *p, const char *const *names, int nn);
/* complaints.c: reports from the public, handled by staff */
void h_complaints(struct req *q);
void h_complaint(struct req *q);
/* A query argument, NULL when absent or empty. */
const char *qarg(struct req *q, const char *name);
/* ?page=N (0 when absent or not a number from 0 to 100000). */
int page_arg(struct req *q);
/* ---- the staff pages and the API: their handlers (the routes in serve.c) -- */
void h_css(struct req *q);             /* assets.c */
void h_login(struct req *q);
void h_logout(struct req *q);
void h_home(struct req *q);
void h_dashboard(struct req *q);       /* dashboard.c */
void h_records(struct req *q);         /* records.c */
void h_checks(struct req *q);          /* checkpages.c: the audit checks' findings */
void h_api_findings(struct req *q);    /* ... and over the API */
/* " AND county >= ? AND county < ?": the findings in the user's region,
** its bounds in lo and hi; the number of bounds (0: the whole store). */
int findings_region(struct req *q, struct buf *sql, char lo[13], char hi[13]);
/* trail.c: a stored UTC time (2026-11-30T12:00:00Z) as Beijing time (UTC+8) */
void beijing_time(const char *utc, char out[24]);
/* trail.c: what the audit trail holds about one record, as a table */
void record_history(struct req *q, const char *what);
/* import_words.c: what an import said, as tables in the page's language */
void import_errors_html(struct req *q, const char *err);
void import_results_html(struct req *q, const char *out);
struct kind;
struct list_total;
/* records_form.c: the choices above a records table, its total and pages */
void records_form(struct req *q, const struct kind *k);
void records_total(struct req *q, const struct list_total *t, int page, void (*keep)(struct req *, struct buf *));
void h_audit(struct req *q);
void h_api_me(struct req *q);
void h_api_records(struct req *q);
void h_import(struct req *q);          /* upload.c */
void h_api_import(struct req *q);
void h_project(struct req *q);         /* projects.c */
void h_api_step(struct req *q);
void h_report_page(struct req *q);     /* reportpages.c */
void h_indicators_page(struct req *q); /* dashboard.c: 指标完成情况 */
void h_bulletin_page(struct req *q);
void h_api_report(struct req *q);
void h_api_trace(struct req *q);
void h_trace_page(struct req *q);
void h_api_bulletin(struct req *q);
void h_api_doc(struct req *q);

/* A command's JSON (as rows) as an HTML table (records.c). */
void json_table(struct req *q, const char *s, size_t n);
/* The money's path (`trace` in a page's words, as JSON) as a table: each
** record named, indented by its level, and a link to its own page. */
void trace_table(struct req *q, const char *s, size_t n);
/* May the user see the records of this western county? (projects.c) */
int county_visible(struct req *q, const char *county);
/* A command's output answered as type (api_run: JSON), or a 400 with its message. */
void api_run_as(struct req *q, run_fn fn, const void *p, const char *type);
void api_run(struct req *q, run_fn fn, const void *p);

#define MAX_UPLOADS 24

/* One file of an upload: the name the user gave it, its kind, its content. */
struct upload {
	char name[128];
	const struct kind *k;
	const char *ext; /* ".csv" or ".xlsx" */
	const char *data;
	size_t len;
};
/* Imports the uploaded files in one transaction, in the user's region
** (upload.c): 0 when it landed; out the summary, err the row errors. */
int import_upload(struct req *q, const struct upload *up, int n, int dry, struct buf *out, struct buf *err);
void h_import_template(struct req *q);
#endif
