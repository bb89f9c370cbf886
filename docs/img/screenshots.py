"""Photograph the audit page as a reader sees it, for the README (`make screenshots`).

Opens the page from file:// in Debian's headless Chromium (/usr/bin/chromium, or
$ARGMAP_CHROMIUM) through Playwright, clicks a quoted passage so that the map,
the source and the claim's details all show the link between them, and writes
a desktop (1440x900) and a phone (390x844) picture, made smaller with pngquant
where it is installed (Debian's pngquant).

    python docs/img/screenshots.py output/istanbul-2025.html docs/img
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]
PASSAGE = "also opened a new chapter for the future of diplomacy"


def main(page_file: Path, folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    executable = os.environ.get("ARGMAP_CHROMIUM", "/usr/bin/chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, headless=True, args=ARGS)
        for name, width, height, phone in (("audit-page.png", 1440, 900, False), ("audit-page-phone.png", 390, 844, True)):
            context = browser.new_context(viewport={"width": width, "height": height}, is_mobile=phone, has_touch=phone)
            page = context.new_page()
            page.goto(page_file.resolve().as_uri())
            mark = page.locator("#source-text mark", has_text=PASSAGE)
            if phone:
                mark.tap()
                page.locator("#map-pane").scroll_into_view_if_needed()
                page.evaluate("window.scrollTo(0, document.getElementById('map-pane').offsetTop)")
            else:
                mark.click()
            page.mouse.move(0, 0)
            page.screenshot(path=folder / name)
            if shutil.which("pngquant"):
                subprocess.run(["pngquant", "--quality=70-90", "--speed=1", "--strip", "--force", "--ext=.png",
                                str(folder / name)], check=True)
            print(folder / name)
            context.close()
        browser.close()


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
