/*
 * pages_strings.c: every string of the web view's interface, in English and Chinese
 * (pages.h: enum str, T()). A Chinese page says everything in Chinese: a string missing
 * here in one language is a page half in the other.
 */
#include "pages.h"

const char *const sv_strs[S_COUNT][2] = {
    [S_SITE] = {"Politburo study sessions", "中央政治局集体学习"},
    [S_HOME] = {"Overview", "概览"},
    [S_SESSIONS] = {"Sessions", "学习会"},
    [S_LECTURERS] = {"Lecturers", "讲解人"},
    [S_INSTITUTIONS] = {"Institutions", "机构"},
    [S_FINDINGS] = {"Findings", "核查"},
    [S_SWITCH] = {"中文", "English"},
    [S_SWITCH_TITLE] = {"切换到中文", "Switch to English"},
    [S_SEARCH_PH] = {"Search titles, lecturers, notes: 区块链, quantum, 法治…",
                     "搜索题目、讲解人、备注：区块链、量子、法治……"},
    [S_SYNTAX] = {"How to search", "搜索语法"},
    [S_SYNTAX_BODY] =
        {"<ul><li><kbd>区块链 blockchain</kbd>: both words (traditional characters, pinyin "
         "<kbd>qukuailian</kbd>, <kbd>qu kuai lian</kbd>, initials <kbd>qkl</kbd> and synonyms "
         "such "
         "as <kbd>AI</kbd> for 人工智能 are found too)</li><li><kbd>\"rule of law\"</kbd>: a "
         "phrase</li><li><kbd>量子 OR quantum</kbd>: either</li><li><kbd>ai -military</kbd> or "
         "<kbd>ai NOT military</kbd>: without</li><li><kbd>title:</kbd>, <kbd>lecturer:</kbd>, "
         "<kbd>institution:</kbd>, <kbd>note:</kbd>, <kbd>tag:</kbd>: in one field</li>"
         "<li><kbd>techno*</kbd>: words that start so</li></ul>",
         "<ul><li><kbd>区块链 blockchain</kbd>：两个词都要有（繁体字、拼音 <kbd>qukuailian</kbd>、"
         "<kbd>qu kuai lian</kbd>、首字母 <kbd>qkl</kbd> 以及 <kbd>AI</kbd> 等同义词都能找到）</li>"
         "<li><kbd>\"rule of law\"</kbd>：短语</li><li><kbd>量子 OR quantum</kbd>：任一</li>"
         "<li><kbd>ai -military</kbd> 或 <kbd>ai NOT "
         "military</kbd>：排除</li><li><kbd>title:</kbd>、"
         "<kbd>lecturer:</kbd>、<kbd>institution:</kbd>、<kbd>note:</kbd>、<kbd>tag:</"
         "kbd>：只在一个字段中"
         "</li><li><kbd>techno*</kbd>：以此开头的词</li></ul>"},
    [S_SEARCH] = {"Search", "搜索"},
    [S_SORT] = {"Sort", "排序"},
    [S_OLDEST] = {"Oldest first", "由早到晚"},
    [S_NEWEST] = {"Newest first", "由晚到早"},
    [S_BEST] = {"Best match", "最相关"},
    [S_MATCH_PRE] = {"", "共 "},
    [S_MATCH_POST] = {" sessions", " 场"},
    [S_SHOWING] = {"showing", "显示"},
    [S_CSV] = {"Download CSV", "下载 CSV"},
    [S_PREV] = {"← Previous", "← 上一页"},
    [S_NEXT] = {"Next →", "下一页 →"},
    [S_NONE] = {"No session matches.", "没有符合条件的学习会。"},
    [S_ID] = {"Session", "场次"},
    [S_DATE] = {"Date", "日期"},
    [S_SUBJECT] = {"Subject", "题目"},
    [S_LEADER] = {"Leader", "总书记"},
    [S_TOPIC] = {"Topic", "主题"},
    [S_LECT] = {"Lecturers", "讲解人"},
    [S_FORMAT] = {"Format", "形式"},
    [S_TECH] = {"Technology", "技术"},
    [S_TERM] = {"Term", "届"},
    [S_YEAR] = {"Year", "年份"},
    [S_UNKNOWN] = {"unknown", "不详"},
    [S_CLEAR] = {"Clear all filters", "清除全部筛选"},
    [S_TITLE_ZH] = {"Title (Chinese)", "中文题目"},
    [S_TITLE_EN] = {"Title (English)", "英文题目"},
    [S_ALSO] = {"also", "其他"},
    [S_SPEAKERS] = {"Speakers", "发言"},
    [S_CONFIDENCE] = {"Confidence", "可信度"},
    [S_SOURCES] = {"Sources", "来源"},
    [S_NOTES] = {"Notes", "备注"},
    [S_RECORD] = {"The record as JSON", "JSON 记录"},
    [S_TERM_ALL] = {"Every session of this term", "本届全部学习会"},
    [S_LEAD] = {"The sourced record of the Chinese Communist Party Politburo's collective study "
                "sessions, December 2002 to today: who briefed the leadership, on what, and when.",
                "中共中央政治局集体学习的有据可查的记录（2002年12月至今）：谁、在何时、为中央领导"
                "讲解了什么。"},
    [S_N_SESSIONS] = {"sessions", "场学习会"},
    [S_N_LECTURERS] = {"lecturers", "位讲解人"},
    [S_N_INSTITUTIONS] = {"institutions", "家机构"},
    [S_N_TECH] = {"technologies studied", "项技术"},
    [S_AS_OF] = {"data as of", "数据截至"},
    [S_CHART_TOPICS] = {"Sessions by topic, 2002 to 2021", "各年集体学习的主题，2002—2021年"},
    [S_TIMELINE] = {"Technology timeline: the first session on each technology",
                    "技术时间线：每项技术的首次集体学习"},
    [S_LATEST] = {"Latest sessions", "最近的集体学习"},
    [S_ALL] = {"All sessions →", "全部学习会 →"},
    [S_BY_LEADER] = {"Sessions by leader", "按总书记统计"},
    [S_NAME] = {"Name", "姓名"},
    [S_AFFILIATION] = {"Latest affiliation", "最近单位"},
    [S_SESSION_LIST] = {"Sessions", "场次"},
    [S_LECT_INTRO] = {"Lecturers ranked by the sessions they lectured at.",
                      "按讲解场次排列的讲解人。"},
    [S_INST_INTRO] = {"Institutions ranked by the sessions their experts lectured at.",
                      "按其专家讲解场次排列的机构。"},
    [S_FINDINGS_NOTE] = {"The founding article's claims checked against the record.",
                         "创始文章的论断与记录的核对。"},
    [S_ERROR] = {"Error", "出错"},
    [S_BACK] = {"Back to the overview", "返回概览"},
    [S_FIRST] = {"First session", "首次"},
    [S_LECTURER_OF] = {"Every session of this lecturer", "该讲解人的全部场次"},
    [S_INSTITUTION_OF] = {"Every session with a lecturer from here", "该机构讲解的全部场次"},
    [S_FILTERS] = {"Filters", "筛选"},
    [S_API] = {"JSON API", "JSON 接口"},
    [S_FROM] = {"From", "起"},
    [S_TO] = {"To", "止"},
    [S_FEED] = {"Sessions added or changed (Atom)", "新增或修改的学习会（Atom）"},
    [S_RECORD_DAYS] = {"Record", "记录"},
    [S_API_DOC] = {"OpenAPI description", "OpenAPI 接口说明"},
    [S_CODEBOOK] = {"codebook", "编码表"},
    [S_SUBJECT_UNKNOWN] = {"subject not known", "题目不详"},
    [S_NAV_SITE] = {"Site", "网站导航"},
    [S_NAV_PAGES] = {"Pages of results", "结果分页"},
    [S_EXCEL] = {"CSV for Excel", "CSV（Excel 用）"},
    [S_EXCEL_TITLE] = {"The same CSV with a UTF-8 byte-order mark, so that Excel reads the "
                       "Chinese text",
                       "同一 CSV，带 UTF-8 字节顺序标记，Excel 可正确显示中文"},
    [S_TOPIC_NOTE] = {"Sessions with this topic, primary or secondary: a session counts under "
                      "each of its topics, so the counts add up to more than the sessions (the "
                      "statistics count primary topics only).",
                      "含该主题（主要或次要）的学习会：一场学习会计入其每个主题，故合计多于场次"
                      "（统计只计主要主题）。"},
    [S_FORMAT_NOTE] = {"Sessions of each format; \"unknown\": the record does not say.",
                       "各形式的学习会；“不详”：记录未载明。"},
};
