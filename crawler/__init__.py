"""nianbao crawler: Scrapy spiders that find every annual report on a government portal.

Sites are data (`data/portals.csv`), CMS families are code (`crawler.adapters`). The spider discovers
年报 columns, walks their listings through the adapter of the portal's CMS family, and hands every
document to `crawler.pipelines.ArchivePipeline`, which stores and parses it through the archive.
"""

PROJECT_URL = "https://github.com/nianbao/nianbao"
