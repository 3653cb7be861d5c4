"""Prometheus metrics of one app: requests, latencies, chat turns, abstentions, bookings.

Each app owns its registry (not prometheus_client's global one), so several apps
in one process (tests, a reload) do not clash. Labels are closed sets: a route
template, never a raw path, which could carry a code or a phone number.
"""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.exposition import CONTENT_TYPE_PLAIN_0_0_4

# The classic text format (0.0.4), which every Prometheus version reads.
CONTENT_TYPE = CONTENT_TYPE_PLAIN_0_0_4
# Seconds; the kiosk's targets are interactive: most answers well under a second.
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        self.requests = Counter(
            "motcua_http_requests",
            "HTTP requests answered, by route template and status",
            ["method", "route", "status"],
            registry=self.registry,
        )
        self.latency = Histogram(
            "motcua_http_request_duration_seconds",
            "Time to answer an HTTP request, by route template",
            ["method", "route"],
            buckets=LATENCY_BUCKETS,
            registry=self.registry,
        )
        self.chat_turns = Counter(
            "motcua_chat_turns",
            "Chat turns relayed, by channel; degraded: answered from retrieval without Rasa",
            ["channel", "degraded"],
            registry=self.registry,
        )
        self.abstentions = Counter(
            "motcua_retrieval_abstentions",
            "Questions the procedure search could not answer, by where they were asked",
            ["source"],
            registry=self.registry,
        )
        self.searches = Counter(
            "motcua_procedure_searches",
            "Procedure searches, by where they were asked",
            ["source"],
            registry=self.registry,
        )
        self.bookings = Counter(
            "motcua_bookings",
            "Appointments booked, by channel",
            ["channel"],
            registry=self.registry,
        )
        self.searches_lexical_only = Counter(
            "motcua_procedure_searches_lexical_only",
            "Procedure searches ranked by words alone: every encoding slot was busy",
            registry=self.registry,
        )
        self.questions_dropped = Counter(
            "motcua_question_log_dropped",
            "Questions not recorded for analytics (queue full or database error)",
            registry=self.registry,
        )

    def exposition(self) -> bytes:
        """The registry in Prometheus text format."""
        return bytes(generate_latest(self.registry))
