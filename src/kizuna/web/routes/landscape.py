"""PLACEHOLDER (lead scaffolding): the owning helper replaces this file."""

from fastapi import APIRouter

router = APIRouter()
