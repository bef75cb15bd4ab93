"""Reading a MkDocs config for the command line: the one place the commands do it."""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.utils import yaml_load

from ..settings import GuideConfig


def load_mkdocs_config(config_file: str | Path) -> MkDocsConfig:
    """A MkDocs config file as a build reads it (its INHERIT chain and a fork's overlay included)."""
    # MkDocs logs its own progress while it reads a config; a contributor needs none of it.
    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    return load_config(config_file=str(config_file))


def load_guide_config(config_file: str | Path) -> GuideConfig:
    """The guide settings of a MkDocs config file, as a build sees them."""
    return GuideConfig.from_mkdocs(load_mkdocs_config(config_file))


def read_config_file(config_file: str | Path) -> dict:
    """A MkDocs config file's settings as written, with its INHERIT chain merged (and !ENV read),
    before MkDocs checks them: what another engine's config starts from."""
    with open(config_file, encoding="utf-8") as handle:
        return yaml_load(handle)
