"""Embeds from Telegram, VK, Rutube, YouTube, Dzen and OK: Wagtail embed finders
(:mod:`polosa.embeds.finders`, plugged in by ``WAGTAILEMBEDS_FINDERS``), the sanitiser every
provider's markup passes, and the click-to-load placeholder readers see
(``{% load polosa_embeds %}{% lazy_embed url caption %}``). Nothing in ``polosa.news``
imports this app.
"""
