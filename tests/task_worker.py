"""The database task worker run in the test's own process until the queue is empty (the real worker class,
not a stand-in)."""


def run_worker(queues=("*",)):
    """Every queue by default (as a worker of `run_workers` that is not kept on text alone)."""
    from django_tasks_db.management.commands.db_worker import Worker

    Worker(
        queue_names=list(queues),
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    ).run()
