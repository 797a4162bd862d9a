from tests.unit.llm.conftest import (  # noqa: F401 - shared fixtures
    add_key,
    add_key_factory,
    execution_id,
    fake_openai,
    fake_server,
    make_gateway,
)
