"""gunicorn's threaded worker, recycled without dropping a client.

The stock gthread worker accepts a connection, then waits in its poller for the request to arrive. When it
reaches max_requests it leaves its loop and closes the poller: a connection accepted in the moments before,
whose request had not been read yet, is closed unanswered and the client sees a reset (one in 8,000 requests of
`bench load` on an idle machine). This worker stops accepting first, serves every connection it has already
accepted, then exits. Its loop is gunicorn 23's `ThreadWorker.run` with that step added.
"""

import selectors
import time
from concurrent import futures
from functools import partial

from gunicorn.workers.gthread import ThreadWorker


class DrainingThreadWorker(ThreadWorker):
    def run(self):
        for sock in self.sockets:
            sock.setblocking(False)
            self.poller.register(sock, selectors.EVENT_READ, partial(self.accept, sock.getsockname()))
        while self.alive and self.is_parent_alive():
            self.notify()
            if self.nr_conns < self.worker_connections:
                for key, _ in self.poller.select(1.0):
                    key.data(key.fileobj)
                self._reap(timeout=0)
            else:
                self._reap(timeout=1.0)
            self.murder_keepalived()
        self.drain()
        self.tpool.shutdown(False)
        self.poller.close()
        for sock in self.sockets:
            sock.close()
        futures.wait(self.futures, timeout=self.cfg.graceful_timeout)

    def drain(self) -> None:
        """Stop accepting; serve the connections accepted before (at most graceful_timeout seconds)."""
        for sock in self.sockets:
            try:
                self.poller.unregister(sock)
            except (KeyError, ValueError):
                pass
        deadline = time.monotonic() + self.cfg.graceful_timeout
        while self.nr_conns > 0 and time.monotonic() < deadline and self.is_parent_alive():
            self.notify()
            for key, _ in self.poller.select(0.1):
                key.data(key.fileobj)
            self._reap(timeout=0)

    def _reap(self, timeout: float) -> None:
        """Forget the requests that have finished (their connections are closed by finish_request)."""
        done = futures.wait(self.futures, timeout=timeout, return_when=futures.FIRST_COMPLETED).done
        for fut in done:
            self.futures.remove(fut)
