/*
** workers.c: the server's processes.  The first process only watches: it
** forks the workers (each one event loop with its own connection to the
** store), starts another within a second of one dying, logging the death,
** and on SIGINT or SIGTERM stops them all.  A worker ends when its parent
** does (PR_SET_PDEATHSIG), so none runs on orphaned.
*/
#include "bangfu.h"
#include "workers.h"
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "banned.h"

static volatile sig_atomic_t stopping;

static void on_stop(int sig)
{
	(void)sig;
	stopping = 1;
}

/* In the new worker: default signals, and an end with the parent. */
static void become_worker(pid_t parent)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = SIG_DFL;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGCHLD, &sa, NULL);
	prctl(PR_SET_PDEATHSIG, SIGTERM);
	if (getppid() != parent) /* the parent died before prctl */
		_exit(0);
}

/* Forks a worker.  SIGINT and SIGTERM are held back across the fork, so
** that one sent to the new worker before it set its own handlers ends it
** rather than reaching the watcher's. */
static pid_t spawn(pid_t parent, int slot, int *is_worker)
{
	sigset_t stop, was;
	sigemptyset(&stop);
	sigaddset(&stop, SIGINT);
	sigaddset(&stop, SIGTERM);
	sigprocmask(SIG_BLOCK, &stop, &was);
	pid_t pid = fork();
	if (pid == 0) {
		become_worker(parent);
		sigprocmask(SIG_SETMASK, &was, NULL);
		*is_worker = 1;
		return slot;
	}
	sigprocmask(SIG_SETMASK, &was, NULL);
	if (pid < 0)
		fprintf(stderr, "bangfu: serve: cannot start a worker: %s\n", strerror(errno));
	return pid;
}

int workers_start(int n, void (*on_death)(void))
{
	pid_t kids[WORKERS_MAX], parent = getpid();
	int is_worker = 0;
	if (n > WORKERS_MAX)
		n = WORKERS_MAX;
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_stop;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	for (int i = 0; i < n; i++) {
		pid_t pid = spawn(parent, i, &is_worker);
		if (is_worker)
			return i;
		kids[i] = pid;
	}
	time_t last_death = 0;
	int quick_deaths = 0;
	while (!stopping) {
		int st;
		pid_t pid = waitpid(-1, &st, 0);
		if (pid < 0) {
			if (errno == EINTR)
				continue;
			sleep(1); /* no child: start them again below */
		}
		for (int i = 0; i < n && !stopping; i++) {
			if (kids[i] != pid && kids[i] > 0)
				continue;
			if (kids[i] == pid) {
				if (WIFSIGNALED(st))
					fprintf(stderr, "bangfu: serve: worker %ld died of signal %d (%s); starting another\n",
						(long)pid, WTERMSIG(st), strsignal(WTERMSIG(st)));
				else
					fprintf(stderr, "bangfu: serve: worker %ld exited with status %d; starting another\n",
						(long)pid, WEXITSTATUS(st));
				if (on_death)
					on_death();
			}
			/* a worker that dies at once, again and again, is not
			** started in a tight loop: at most ten a second */
			time_t now = time(NULL);
			quick_deaths = now == last_death ? quick_deaths + 1 : 0;
			last_death = now;
			if (quick_deaths >= 10)
				usleep(100000);
			kids[i] = spawn(parent, i, &is_worker);
			if (is_worker)
				return i;
		}
	}
	for (int i = 0; i < n; i++)
		if (kids[i] > 0)
			kill(kids[i], SIGTERM);
	for (int i = 0; i < n; i++)
		if (kids[i] > 0)
			while (waitpid(kids[i], NULL, 0) < 0 && errno == EINTR)
				;
	return -1;
}
