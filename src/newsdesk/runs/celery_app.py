"""The Celery 5 app of the distributed executor (`celery -A newsdesk.runs.celery_app worker`).

Configured from settings: broker `redis_broker_url`, results `redis_result_backend`,
late acks with reject-on-worker-lost (a message is only gone once its run ended),
prefetch 1 (a long stage never sits on a second message), the soft/hard time limits,
and one queue per stage, `stage.<name>`.
"""

from __future__ import annotations

import logging
from functools import lru_cache

from celery import Celery
from celery.signals import worker_process_init
from kombu import Exchange, Queue

from newsdesk import db
from newsdesk.settings import Settings, get_settings

TASK_NAME = "newsdesk.execute_stage"


def queue_for(stage: str) -> str:
    return f"stage.{stage}"


def route_for(stage: str) -> Queue:
    """The stage's queue, published through the default exchange ("").

    With the default exchange, Redis routes by queue name alone, so a broker that restarted
    empty (bindings lost) still delivers what the reconciler re-submits.
    """
    name = queue_for(stage)
    return Queue(name, exchange=Exchange(""), routing_key=name)


def _config(settings: Settings) -> dict[str, object]:
    return {
        "broker_url": settings.redis_broker_url,
        "result_backend": settings.redis_result_backend,
        "task_acks_late": True,
        "task_reject_on_worker_lost": True,
        "worker_prefetch_multiplier": 1,
        "task_soft_time_limit": settings.task_soft_time_limit,
        "task_time_limit": settings.task_time_limit,
        "task_default_queue": queue_for("extract_urls"),
        "task_create_missing_queues": True,
        "task_serializer": "json",
        "accept_content": ["json"],
        "result_expires": 3600,
        "broker_connection_retry_on_startup": True,
        # A submit while Redis is down fails fast; the reconciler re-submits later.
        "broker_transport_options": {"socket_connect_timeout": 2, "socket_timeout": 5},
        "task_publish_retry_policy": {
            "max_retries": 2,
            "interval_start": 0,
            "interval_step": 0.2,
            "interval_max": 0.5,
        },
        "worker_hijack_root_logger": False,
        # A visibility timeout above the hard limit: Redis must not redeliver a long run.
        "broker_transport_options_visibility": settings.task_time_limit + 600,
    }


def make_app(settings: Settings) -> Celery:
    app = Celery("newsdesk", set_as_current=False)
    config = _config(settings)
    visibility = config.pop("broker_transport_options_visibility")
    config["broker_transport_options"] = {
        **config["broker_transport_options"],  # type: ignore[dict-item]
        "visibility_timeout": visibility,
    }
    app.conf.update(config)
    return app


@lru_cache(maxsize=8)
def _sender(broker: str, backend: str, soft: int, hard: int) -> Celery:
    return make_app(
        get_settings().model_copy(
            update={
                "redis_broker_url": broker,
                "redis_result_backend": backend,
                "task_soft_time_limit": soft,
                "task_time_limit": hard,
            }
        )
    )


def sender(settings: Settings) -> Celery:
    """An app that only sends tasks, cached per broker (tests switch settings)."""
    return _sender(
        settings.redis_broker_url,
        settings.redis_result_backend,
        settings.task_soft_time_limit,
        settings.task_time_limit,
    )


# The worker's app: `celery -A newsdesk.runs.celery_app worker` finds `app`.
app = make_app(get_settings())
app.set_current()
app.conf.include = ["newsdesk.runs.tasks"]

# Hook: the scheduling domain's Celery Beat entry (`celery ... beat`), see scheduling/beat.py.
from newsdesk.scheduling import beat as _scheduling_beat  # noqa: E402

_scheduling_beat.register(app)


@worker_process_init.connect
def _fresh_connections(**_: object) -> None:
    # A prefork child must not share the parent's pooled database sockets.
    db.dispose_engines()


def bootstrap_worker() -> None:
    """Import the stages this worker can run (built-ins + $NEWSDESK_EXTRA_STAGES)."""
    from newsdesk.runs import flows

    flows.import_stage_modules()
    flows.preload()
    logging.getLogger("newsdesk").setLevel(get_settings().log_level)


bootstrap_worker()
