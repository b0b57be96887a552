from sqlalchemy import text


def test_seq(corpus):
    if not corpus.url.startswith("postgresql"):
        return
    with corpus.engine.connect() as c:
        m = c.execute(text("select max(id) from documents")).scalar()
        n = c.execute(text("select nextval(pg_get_serial_sequence('documents','id'))")).scalar()
    assert m and n == m + 1, (m, n)
