"""Event coding: who did what to whom, when and where, in CAMEO and PLOVER (``events.cameo.v1``)."""

from unspin.detectors.events.coder import CoderOptions, EventCoder, make_event_coder
from unspin.detectors.events.findings import Event, Modality
from unspin.detectors.events.gdelt import events_to_gdelt_rows
from unspin.detectors.events.resources import EventResources, load_event_resources

__all__ = [
    "CoderOptions",
    "Event",
    "EventCoder",
    "EventResources",
    "Modality",
    "events_to_gdelt_rows",
    "load_event_resources",
    "make_event_coder",
]
