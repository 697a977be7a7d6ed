"""Scrapy spiders of nianbao (`scrapy list` shows them)."""
