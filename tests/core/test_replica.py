"""Readers' requests read the replica; editors, writes and everything else the primary."""

import pytest
from django.test import RequestFactory

from polosa.core import replica
from polosa.news.models import ArticlePage

factory = RequestFactory()


@pytest.fixture
def with_replica(settings):
    settings.DATABASES = {**settings.DATABASES, "replica": settings.DATABASES["default"]}


@pytest.mark.parametrize(
    ("method", "path", "cookies", "reader"),
    [
        ("get", "/novosti/", {}, True),
        ("head", "/", {}, True),
        ("get", "/novosti/", {"sessionid": "x"}, False),  # an editor browsing the site
        ("post", "/titles/vote/", {}, False),
        ("get", "/admin/pages/", {}, False),
    ],
    ids=["reader", "head", "editor-session", "write", "admin"],
)
def test_which_requests_are_readers(method, path, cookies, reader):
    request = getattr(factory, method)(path)
    request.COOKIES.update(cookies)
    assert replica.is_reader_request(request) is reader


def test_reads_of_a_reader_go_to_the_replica_and_writes_never(with_replica):
    router = replica.ReplicaRouter()
    assert router.db_for_read(ArticlePage) == "default"
    with replica.reading_for_readers():
        assert router.db_for_read(ArticlePage) == "replica"
        assert router.db_for_write(ArticlePage) == "default"
    assert router.db_for_read(ArticlePage) == "default"
    assert router.allow_migrate("replica", "news") is False
    assert router.allow_migrate("default", "news") is True


def test_without_a_replica_readers_read_the_primary():
    with replica.reading_for_readers():
        assert replica.ReplicaRouter().db_for_read(ArticlePage) == "default"


def test_the_middleware_marks_only_readers_requests(with_replica):
    seen = []

    def view(request):
        seen.append(replica.ReplicaRouter().db_for_read(ArticlePage))
        return None

    middleware = replica.ReplicaReadsMiddleware(view)
    middleware(factory.get("/kino/"))
    editor = factory.get("/kino/")
    editor.COOKIES["sessionid"] = "abc"
    middleware(editor)
    middleware(factory.post("/kino/"))
    assert seen == ["replica", "default", "default"]
