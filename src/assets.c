/*
** assets.c: the files the pages load, carried in the binary as they are
** in web/ (.incbin), and served from it: the stylesheet.
*/
#include "bangfu.h"
#include "web.h"
#include <event2/buffer.h>
#include "banned.h"

#ifndef WEB_DIR
#define WEB_DIR "web"
#endif

__asm__(".section .rodata.assets,\"a\"\n"
	".globl bangfu_app_css\n"
	".hidden bangfu_app_css\n"
	"bangfu_app_css:\n"
	".incbin \"" WEB_DIR "/app.css\"\n"
	".globl bangfu_app_css_end\n"
	".hidden bangfu_app_css_end\n"
	"bangfu_app_css_end:\n"
	".previous\n");
extern const char bangfu_app_css[], bangfu_app_css_end[];

void h_css(struct req *q)
{
	security_headers(q->r, "text/css; charset=utf-8");
	evhttp_remove_header(evhttp_request_get_output_headers(q->r), "Cache-Control");
	evhttp_add_header(evhttp_request_get_output_headers(q->r), "Cache-Control", "max-age=3600");
	struct evbuffer *out = evbuffer_new();
	evbuffer_add_reference(out, bangfu_app_css, (size_t)(bangfu_app_css_end - bangfu_app_css), NULL, NULL);
	evhttp_send_reply(q->r, 200, "OK", out);
	evbuffer_free(out);
}
