"""schema.org JSON-LD, built from the same records the page shows, so search engines and
re-users read the same facts as the citizen: `Legislation` for documents, the agency as a
`GovernmentOrganization`, `BreadcrumbList` from the visible breadcrumbs, `Dataset`s for the
open-data catalogue. (Procedures keep their `GovernmentService` in procedure.html.)"""

from __future__ import annotations

import json
import mimetypes
from datetime import date
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from ..content import addresses
from ..content.datasets import FORMATS
from ..content.kinds import DocumentStatus, Kind
from .opendata import catalogue, ranking_catalogue

if TYPE_CHECKING:
    from ..config import Config
    from ..content.page import Page
    from ..content.routes import Route
    from ..content.site import Site

CONTEXT = "https://schema.org"
LEGAL_FORCE = {
    DocumentStatus.IN_FORCE: "InForce",
    DocumentStatus.EXPIRED: "NotInForce",
    DocumentStatus.PARTLY_EXPIRED: "PartiallyInForce",
    DocumentStatus.NOT_YET_IN_FORCE: "NotInForce",  # not yet in force
}


def ld_json(data: dict[str, Any]) -> Markup:
    """A `<script type="application/ld+json">` block; `<`, `>` and `&` are escaped so no text can close it."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(f'<script type="application/ld+json">{text}</script>')


def organization(config: Config, full: bool = False) -> dict[str, Any]:
    """The agency; `full` adds how to reach it (the home page carries that once)."""
    agency: dict[str, Any] = {"@type": "GovernmentOrganization", "name": config.organization, "url": config.base_url}
    if not full:
        return agency
    contact = config.contact
    if config.brand.logo:
        agency["logo"] = config.absolute(config.brand.logo)
    if contact.address:
        agency["address"] = {"@type": "PostalAddress", "streetAddress": contact.address, "addressCountry": "VN"}
    if contact.phone or contact.hotline:
        agency["telephone"] = contact.phone or contact.hotline
    if contact.email:
        agency["email"] = contact.email
    if contact.hotline:
        agency["contactPoint"] = {
            "@type": "ContactPoint",
            "contactType": "Đường dây nóng",
            "telephone": contact.hotline,
            "availableLanguage": "vi",
        }
    if contact.facebook:
        agency["sameAs"] = [contact.facebook]
    return {"@context": CONTEXT, **agency}


def legislation(site: Site, page: Page) -> dict[str, Any]:
    config, doc = site.config, page.data
    status = doc.status_on(site.today)
    data: dict[str, Any] = {
        "@context": CONTEXT,
        "@type": "Legislation",
        "name": page.title,
        "url": config.absolute(page.url),
        "inLanguage": config.language,
        "legislationIdentifier": doc.number,
        "legislationType": doc.doc_type,
        "legislationDate": page.date.date().isoformat() if page.date else None,  # required of a document: always there
        "legislationLegalForce": f"{CONTEXT}/{LEGAL_FORCE[status]}",
        "legislationJurisdiction": config.jurisdiction,
        "legislationPassedBy": {"@type": "GovernmentOrganization", "name": doc.issuer},
        "publisher": organization(config),
    }
    if doc.effective:
        data["legislationDateOfApplicability"] = doc.effective.isoformat()
    if doc.expires:
        data["expires"] = doc.expires.isoformat()
    if page.last_updated:
        data["dateModified"] = page.last_updated.date().isoformat()
    if doc.files:
        data["encoding"] = [
            {
                "@type": "LegislationObject",
                "name": file.title or file.path.rsplit("/", 1)[-1],
                "contentUrl": config.absolute(file.path),
                "encodingFormat": mimetypes.guess_type(file.path)[0] or "application/octet-stream",
            }
            for file in doc.files
        ]
    return data


def breadcrumb_list(config: Config, trail) -> dict[str, Any]:
    """The trail the breadcrumbs macro shows, "Trang chủ" first."""
    steps = [("Trang chủ", "/"), *trail]
    return {
        "@context": CONTEXT,
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": number, "name": title, "item": config.absolute(url)}
            for number, (title, url) in enumerate(steps, start=1)
        ],
    }


def for_page(site: Site, route: Route, page: Page | None) -> list[dict[str, Any]]:
    """The JSON-LD blocks base.html puts in a page's head."""
    if route.url == addresses.HOME:
        return [organization(site.config, full=True)]
    if route.url == addresses.OPEN_DATA:
        return [data_catalog(site)]
    if page is not None and page.kind == Kind.DOCUMENT and route.url == page.url:
        return [legislation(site, page)]
    return []


def data_catalog(site: Site) -> dict[str, Any]:
    """/du-lieu/: every dataset with its licence and downloads, as search engines' dataset search reads them."""
    config = site.config
    page_url = config.absolute(addresses.OPEN_DATA)
    publisher = organization(config)

    def entry(name: str, description: str, anchor: str, files: dict[str, str], modified: date | None) -> dict[str, Any]:
        found: dict[str, Any] = {
            "@type": "Dataset",
            "name": name,
            "description": description,
            "url": f"{page_url}#du-lieu-{anchor}",
            "license": config.open_data.license,
            "isAccessibleForFree": True,
            "inLanguage": config.language,
            "creator": publisher,
            "publisher": publisher,
            "distribution": [
                {"@type": "DataDownload", "contentUrl": config.absolute(files[extension]), "encodingFormat": media_type}
                for extension, media_type in FORMATS.items()
            ],
        }
        if modified:
            found["dateModified"] = modified.isoformat()
        return found

    datasets = [
        entry(
            listing.dataset.title,
            listing.dataset.description,
            listing.dataset.slug,
            {extension: listing.dataset.file_url(extension) for extension in FORMATS},
            listing.last_change.date() if listing.last_change else None,
        )
        for listing in catalogue(site)
    ]
    datasets += [entry(r.title, r.description, r.slug, r.files, r.last_change) for r in ranking_catalogue(site)]
    return {
        "@context": CONTEXT,
        "@type": "DataCatalog",
        "name": f"Dữ liệu mở – {config.title} – {config.organization}",
        "url": page_url,
        "license": config.open_data.license,
        "publisher": publisher,
        "dataset": datasets,
    }
