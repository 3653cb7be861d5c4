"""Actions that call the kiosk API, and the submit step every form ends with.

`KioskAction.act` does the work with one kiosk client; a `KioskError` (its
message is Vietnamese and safe to show) is said by `kiosk_failed`, which a
subclass may override (offer other slots, another way to reach a person).

`FormSubmit` is the step after a form: when the citizen left the form ("thôi")
it says so and submits nothing; otherwise `submit` runs; either way, and after a
kiosk error too, the form's slots are cleared.
"""

from __future__ import annotations

from abc import ABC, abstractmethod

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.forms import form_reset, stopped
from actions.kiosk_client import KioskClient, KioskError


class KioskAction(Action, ABC):
    """An action that asks the kiosk; abstract, so the SDK registers only concrete ones."""

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        async with KioskClient.from_env() as kiosk:
            try:
                return await self.act(kiosk, dispatcher, tracker)
            except KioskError as error:
                return await self.kiosk_failed(kiosk, dispatcher, tracker, error)

    @abstractmethod
    async def act(
        self, kiosk: KioskClient, dispatcher: CollectingDispatcher, tracker: Tracker
    ) -> list[EventType]:
        """Ask the kiosk and answer; may raise KioskError."""

    async def kiosk_failed(
        self,
        kiosk: KioskClient,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        error: KioskError,
    ) -> list[EventType]:
        """Say why the kiosk could not answer."""
        dispatcher.utter_message(text=error.message)
        return []


class FormSubmit(KioskAction, ABC):
    """The submit action of `form`, whose `slots` are cleared when it ends."""

    form: str
    slots: list[str]

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        if stopped(tracker, dispatcher, self.form):
            return self.reset()
        return await super().run(dispatcher, tracker, domain)

    async def act(
        self, kiosk: KioskClient, dispatcher: CollectingDispatcher, tracker: Tracker
    ) -> list[EventType]:
        await self.submit(kiosk, dispatcher, tracker)
        return self.reset()

    @abstractmethod
    async def submit(
        self, kiosk: KioskClient, dispatcher: CollectingDispatcher, tracker: Tracker
    ) -> None:
        """Send the form's answers to the kiosk and read its answer back."""

    async def kiosk_failed(
        self,
        kiosk: KioskClient,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        error: KioskError,
    ) -> list[EventType]:
        await super().kiosk_failed(kiosk, dispatcher, tracker, error)
        return self.reset()

    def reset(self) -> list[EventType]:
        return form_reset(self.slots)
