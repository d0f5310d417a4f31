/*
** workers.h: the server's processes: one that watches, N that serve.
*/
#ifndef WORKERS_H
#define WORKERS_H

#define WORKERS_MAX 64

/* Forks n workers (at most WORKERS_MAX) and watches them, starting another
** when one dies (on_death, when not NULL, runs in the watcher first).
** Returns in each worker its number (0 to n-1); in the watcher only once
** SIGINT or SIGTERM told it to stop and its workers have ended: -1. */
int workers_start(int n, void (*on_death)(void));
#endif
