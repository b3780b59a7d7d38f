#!/usr/bin/env python3
"""The official sites as psst watch meets them, served on 127.0.0.1 for the tests.

Pages are written for the tests in the layouts of the four default sources (CCTV's day
page and article, Xinhua's politics list and a split article, gov.cn's list and article
in GBK, People's Daily's RSS feed); they are not copied news texts. The readout states the
facts of session 20-27 as the record has them, so that a data folder without 20-27 gets it
back, and one with it agrees. Every failure psst watch must survive has an address: a 404,
a 500, a timeout, a redirect loop, a page of 50 MB, an article that only mentions a session.

Usage: site.py PORTFILE LOGFILE  (the port chosen is written to PORTFILE; one line per
request to LOGFILE: host path status if-none-match if-modified-since)
"""
import http.server
import socketserver
import sys
import time

LEAD = ("中共中央政治局7月30日下午就高质量推进国防和军队现代化进行第二十七次集体学习。"
        "中共中央总书记习近平在主持学习时强调，要坚定不移推进国防和军队现代化。")
LECTURE = ("中央军委战略规划办公室孙正同志就这个问题进行讲解，提出了工作建议。"
           "中央政治局的同志认真听取了讲解，并进行了讨论。")
SPEECH = "习近平在听取讲解和讨论后发表了讲话。他指出，这是写给测试的文字。"

CCTV_LIST = """<link type="text/css" rel="stylesheet" href="//r.img.cctvpic.com/style.css"/>
<li><div class="image"><a href="http://tv.cctv.com/2026/07/31/VIDEfull0000000000000000260731.shtml"
 title="《新闻联播》 20260731 19:00"><img src="//p1.img.cctvpic.com/a.jpg" alt="" /></a></div>
 <a href="http://tv.cctv.com/2026/07/31/VIDEfull0000000000000000260731.shtml"
 title="《新闻联播》 20260731 19:00">《新闻联播》 20260731 19:00</a></li>
<li><a href="http://tv.cctv.com/2026/07/31/VIDEreadout00000000000000260731.shtml"
 title="[视频]中共中央政治局进行第二十七次集体学习">[视频]中共中央政治局进行第二十七次集体学习 习近平主持学习并发表重要讲话</a></li>
<li><a href="http://tv.cctv.com/2026/07/31/VIDEmention00000000000000260731.shtml">[视频]【学习贯彻】回望集体学习：推进国防和军队现代化</a></li>
<li><a href="http://tv.cctv.com/2026/07/31/VIDEother000000000000000260731.shtml">[视频]国内联播快讯</a></li>
"""

def cctv_article(title, paragraphs):
    body = "".join("<p>%s<br/></p>" % p for p in paragraphs)
    return ("""<!DOCTYPE html><html><head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<title>%s</title></head><body>
<div class="nav"><a href="/">首页</a> <a href="/2026/07/01/VIDEold.shtml">中共中央政治局进行第二十六次集体学习</a></div>
<div class="tit">%s</div>
<div class="content_area" id="content_area"><p><strong>央视网消息</strong>（新闻联播）：</p>%s
<div class="inner"><p>（完）</p></div></div>
<div class="related"><a href="/x">中共中央政治局召开会议</a></div>
</body></html>""" % (title, title, body))

XINHUA_LIST = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>时政_新华网</title>
<base href="http://www.news.cn/politics/"></head><body>
<ul><li><a href="leaders/20260730/0123456789abcdef0123456789abcdef/c.html">习近平在中共中央政治局第二十七次集体学习时强调 高质量推进国防和军队现代化</a></li>
<li><a href="leaders/20260730/fedcba9876543210fedcba9876543210/c.html">一篇别的报道</a></li>
<li><a href="javascript:void(0)">更多</a></li></ul></body></html>"""

def xinhua_page(paragraphs, next_href):
    nav = '<div class="page"><a href="%s">下一页</a></div>' % next_href if next_href else ""
    return ("""<!DOCTYPE html><html><head><meta charset="utf-8">
<meta name="publishdate" content="2026-07-30">
<title>习近平在中共中央政治局第二十七次集体学习时强调</title></head><body>
<div class="header"><a href="/">新华网</a></div>
<span id="detailContent">%s</span>%s
</body></html>""" % ("".join("<p>%s</p>" % p for p in paragraphs), nav))

GOV_LIST = """<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>要闻</title></head><body><ul>
<li><a href="/yaowen/liebiao/202607/content_7000001.htm">习近平在中共中央政治局第二十七次集体学习时强调</a></li>
<li><a href="../../yaowen/liebiao/202607/content_7000002.htm">国务院常务会议</a></li>
</ul></body></html>"""

GOV_ARTICLE = """<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>习近平在中共中央政治局第二十七次集体学习时强调</title></head><body>
<div class="pages-date">2026-07-30 20:00 来源： 新华社</div>
<div id="UCAP-CONTENT"><p>新华社北京7月30日电 %s</p><p>%s</p><p>%s</p></div>
</body></html>""" % (LEAD, LECTURE, SPEECH)

def rss(items):
    out = ['<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>时政</title>']
    for title, link in items:
        out.append("<item><title><![CDATA[%s]]></title><link>%s</link></item>" % (title, link))
    out.append("</channel></rss>")
    return "".join(out)

PEOPLE = "http://politics.people.com.cn"
PEOPLE_RSS = rss([
    ("集体学习：一页已经不在", PEOPLE + "/n1/2026/0730/c1024-1.html"),
    ("集体学习：服务器出错", PEOPLE + "/n1/2026/0730/c1024-2.html"),
    ("集体学习：很慢的一页", PEOPLE + "/n1/2026/0730/c1024-3.html"),
    ("集体学习：转来转去", PEOPLE + "/n1/2026/0730/c1024-4.html"),
    ("集体学习：很大的一页", PEOPLE + "/n1/2026/0730/c1024-5.html"),
    ("集体学习：搬了家", PEOPLE + "/n1/2026/0730/c1024-6.html"),
    ("别的新闻", PEOPLE + "/n1/2026/0730/c1024-7.html"),
])

PAGES = {
    ("tv.cctv.com", "/2026/07/31/VIDEreadout00000000000000260731.shtml"):
        cctv_article("[视频]中共中央政治局进行第二十七次集体学习 习近平主持学习并发表重要讲话",
                     [LEAD, LECTURE, SPEECH]),
    ("tv.cctv.com", "/2026/07/31/VIDEmention00000000000000260731.shtml"):
        cctv_article("[视频]【学习贯彻】回望集体学习",
                     ["习近平总书记在主持中共中央政治局第二十七次集体学习时强调，要推进国防和军队现代化。"
                      "各地各部门认真学习贯彻。"]),
    ("www.news.cn", "/politics/"): XINHUA_LIST,
    ("www.news.cn", "/politics/leaders/20260730/0123456789abcdef0123456789abcdef/c.html"):
        xinhua_page(["新华社北京7月30日电 " + LEAD], "c_2.html"),
    ("www.news.cn", "/politics/leaders/20260730/0123456789abcdef0123456789abcdef/c_2.html"):
        xinhua_page([LECTURE, SPEECH], None),
    ("www.people.com.cn", "/rss/politics.xml"): PEOPLE_RSS,
}


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def handle(self):
        try:
            super().handle()
        except (BrokenPipeError, ConnectionResetError):
            pass  # psst closed the connection first (a timeout, a page too large)

    def record(self, status):
        with open(sys.argv[2], "a", encoding="utf-8") as f:
            f.write("%s %s %d %s %s\n" % (self.host, self.path, status,
                                          self.headers.get("If-None-Match", "-"),
                                          (self.headers.get("If-Modified-Since") or "-").replace(" ", "_")))

    def send(self, status, body=b"", ctype="text/html; charset=utf-8", headers=()):
        self.record(status)
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for k, v in headers:
            self.send_header(k, v)
        self.end_headers()
        if self.command != "HEAD":
            try:
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass  # psst gave up first (the timeout case)

    def do_GET(self):
        self.host = (self.headers.get("Host") or "").split(":")[0]
        host, path = self.host, self.path
        if host == "tv.cctv.com" and path.startswith("/lm/xwlb/day/"):
            # the day page: unchanged since the first request (an ETag)
            if self.headers.get("If-None-Match") == '"day-v1"':
                return self.send(304)
            return self.send(200, CCTV_LIST.encode(), "text/html", [("ETag", '"day-v1"')])
        if host == "www.gov.cn" and path == "/yaowen/liebiao/home.htm":
            lm = "Thu, 30 Jul 2026 12:00:00 GMT"
            if self.headers.get("If-Modified-Since") == lm:
                return self.send(304)
            return self.send(200, GOV_LIST.encode("gbk"), "text/html", [("Last-Modified", lm)])
        if host == "www.gov.cn" and path == "/yaowen/liebiao/202607/content_7000001.htm":
            return self.send(200, GOV_ARTICLE.encode("gbk"), "text/html")
        if host == "politics.people.com.cn":
            n = path.rsplit("-", 1)[-1].split(".")[0]
            if n == "1":
                return self.send(404, b"<h1>404</h1>")
            if n == "2":
                return self.send(500, b"<h1>500</h1>")
            if n == "3":
                time.sleep(3)
                return self.send(200, b"<p>late</p>")
            if n == "4":
                return self.send(302, b"", headers=[("Location", path)])
            if n == "5":
                return self.big()
            if n == "6":
                return self.send(301, b"", headers=[(
                    "Location", "http://tv.cctv.com/2026/07/31/VIDEreadout00000000000000260731.shtml")])
        page = PAGES.get((host, path))
        if page is None:
            return self.send(404, b"<h1>404</h1>")
        return self.send(200, page.encode())

    do_HEAD = do_GET

    def big(self):
        self.record(200)
        size = 50 * 1024 * 1024
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(size))
        self.end_headers()
        chunk = b"<p>" + b"x" * 65530 + b"</p>\n"
        try:
            sent = 0
            while sent < size:
                self.wfile.write(chunk[: min(len(chunk), size - sent)])
                sent += len(chunk)
        except (BrokenPipeError, ConnectionResetError):
            pass


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    allow_reuse_address = True


if __name__ == "__main__":
    srv = Server(("127.0.0.1", 0), Handler)
    with open(sys.argv[1] + ".tmp", "w") as f:
        f.write(str(srv.server_address[1]))
    import os
    os.rename(sys.argv[1] + ".tmp", sys.argv[1])
    srv.serve_forever()
