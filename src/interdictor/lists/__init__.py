"""Sanctions and denied-party lists in their official formats, read into FollowTheMoney entities."""

from interdictor.lists.base import ListReader, ParsedList, ReadContext, readers
from interdictor.lists.load import detect_reader, read_list

__all__ = ["ListReader", "ParsedList", "ReadContext", "detect_reader", "read_list", "readers"]
