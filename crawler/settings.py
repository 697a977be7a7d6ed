"""Scrapy settings of nianbao: polite by default, every value overridable with `-s NAME=VALUE`.

The crawler runs unattended every night over hundreds of government portals, so the defaults favour
the hosts: one request at a time per host, a delay, AutoThrottle, robots.txt obeyed, an honest
User-Agent naming the project.
"""

from crawler import PROJECT_URL

BOT_NAME = "nianbao"
SPIDER_MODULES = ["crawler.spiders"]
NEWSPIDER_MODULE = "crawler.spiders"

USER_AGENT = f"nianbao/0.1 (+{PROJECT_URL}; annual-report archive crawler)"
ROBOTSTXT_OBEY = True

# Politeness: one request at a time per host, a delay adapted to the host's latency.
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 1
DOWNLOAD_DELAY = 1.0
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
DOWNLOAD_TIMEOUT = 60  # a slower page is an `error` fetch row (after retries); the crawl goes on
DOWNLOAD_MAXSIZE = 200 * 1024 * 1024  # parsers.DEFAULT_MAX_BYTES
DOWNLOAD_WARNSIZE = 50 * 1024 * 1024

# Retries with backoff (crawler.middlewares.BackoffMiddleware); Retry-After honoured.
RETRY_ENABLED = True
RETRY_TIMES = 3
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]
NIANBAO_BACKOFF_BASE = 2.0
NIANBAO_BACKOFF_MAX = 300.0

# Weak Diffie-Hellman keys on many portals: exclude DH suites rather than fail the handshake.
DOWNLOADER_CLIENT_TLS_CIPHERS = "DEFAULT:!DH"
DOWNLOAD_VERIFY_CERTIFICATES = False  # expired and incomplete chains are common on portals

# Depth is bounded per role by the spider (discovery hops, sub-columns, listing pages, pages per portal).
DEPTH_LIMIT = 0
NIANBAO_MAX_DISCOVERY_HOPS = 2
NIANBAO_MAX_SUBCOLUMN_DEPTH = 3
NIANBAO_MAX_LISTING_PAGES = 300
NIANBAO_MAX_PAGES_PER_PORTAL = 20000

NIANBAO_DB = "data/nianbao.db"
NIANBAO_PORTALS = "data/portals.csv"
NIANBAO_ARCHIVE = "archive:Archive"
NIANBAO_FULL = False
NIANBAO_RUN_LOCK = True  # `scrapy crawl` takes the crawl lock itself; `nianbao crawl` holds it already
NIANBAO_PROGRESS = None  # None: a progress line when stderr is a terminal
NIANBAO_PARSE_DEADLINE = 300.0  # seconds one document may take to parse (then `unparsed`, retried later)
NIANBAO_STALL_TRACE = 0.0  # seconds: log the reactor's stack when it is stuck that long (diagnosis)

DOWNLOADER_MIDDLEWARES = {
    "crawler.middlewares.PortalScopeMiddleware": 50,  # before robots.txt: never even ask a foreign host
    "crawler.middlewares.ChallengeMiddleware": 60,
    "crawler.middlewares.ConditionalRequestMiddleware": 580,
    "crawler.middlewares.BackoffMiddleware": 560,
    "crawler.middlewares.HttpFallbackMiddleware": 570,
    "crawler.middlewares.RedirectLoopMiddleware": 610,  # sees a 3xx before RedirectMiddleware (600)
}
ITEM_PIPELINES = {"crawler.pipelines.ArchivePipeline": 300}
EXTENSIONS = {
    "crawler.extensions.RunLock": 0,
    "crawler.extensions.Progress": 500,
    "crawler.extensions.ReactorStalls": 510,
}

LOG_LEVEL = "INFO"
TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"
FEED_EXPORT_ENCODING = "utf-8"
