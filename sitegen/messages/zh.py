"""The Chinese text of every message: (English template, Chinese template).

A template is the message as the engine composes it, with {name} where a part varies; the
Chinese text uses the same names. Parts are translated too when they are messages of their
own (suffixes such as "; did you mean ...?"). tests/test_messages.py checks that every
message the fixture sites produce finds its template here.
"""

MESSAGES = [
    # -- shared fragments ------------------------------------------------------------------
    ("; did you mean '{name}'?", "；是不是“{name}”？"),
    (" (write true or false)", "（写 true 或 false）"),
    ("none", "无"),
    ("none: declare [programs.<slug>] in site.toml", "无：请先在 site.toml 中写 [programs.<网址名>]"),
    ("text", "文字"),
    ("a whole number", "整数"),
    ("true or false", "true 或 false"),
    ("a date", "日期"),
    ("a date or date and time", "日期或日期加时间"),
    ("a list", "列表"),
    ("str", "文字"),
    ("int", "整数"),
    ("bool", "true 或 false"),
    ("dict", "表"),
    ("list", "列表"),
    ("a mapping with {fields}", "含 {fields} 的一组字段"),
    ("front matter", "前言"),
    ("the quiz file", "测试文件"),
    (
        "use YYYY-MM-DD or ISO 8601 such as 2023-06-26T09:00:00+08:00",
        "请写成 YYYY-MM-DD，或 ISO 8601 格式如 2023-06-26T09:00:00+08:00",
    ),
    ("slug '{slug}'", "网址名“{slug}”"),
    ("output path '{path}'", "输出路径“{path}”"),
    ("save it as UTF-8 in your editor", "请在编辑器中另存为 UTF-8 编码"),
    (
        "it looks like GBK/GB18030: save it as UTF-8 in your editor, or run: iconv -f GBK -t UTF-8 "
        "'{source}' "
        "-o '{out}' and rename it",
        "看起来是 GBK/GB18030 编码：请在编辑器中另存为 UTF-8，或运行 iconv -f GBK -t UTF-8 '{source}' -o "
        "'{out}' 后改回原名",
    ),
    ("the site", "网站"),
    # -- summary lines (cli/report.py) -----------------------------------------------------
    ("{count} draft", "{count} 篇草稿"),
    ("{count} drafts", "{count} 篇草稿"),
    ("{count} scheduled item", "{count} 篇定时发布的内容"),
    ("{count} scheduled items", "{count} 篇定时发布的内容"),
    ("{counts} left out: --drafts shows it", "{counts}未生成：加 --drafts 可以预览"),
    ("{counts} left out: --drafts shows them", "{counts}未生成：加 --drafts 可以预览"),
    (
        "{drafts} and {scheduled} left out: --drafts shows them",
        "{drafts}和{scheduled}未生成：加 --drafts 可以预览",
    ),
    (
        "{pages} pages, {images} images ({processed} processed) checked in {seconds} s, {totals}",
        "检查了 {pages} 个页面、{images} 张图片（新处理 {processed} 张），用时 {seconds} 秒；{totals}",
    ),
    (
        "{pages} pages, {images} images ({processed} processed) built into {out} in {seconds} s, {totals}",
        "生成 {pages} 个页面、{images} 张图片（新处理 {processed} 张），输出到 {out}，用时 {seconds} 秒；"
        "{totals}",
    ),
    (
        "{summary} in {seconds} s, {totals} (nothing changed since the last build)",
        "{summary}，用时 {seconds} 秒；{totals}（自上次生成以来没有变化）",
    ),
    (
        "{pages} pages, {images} images ({processed} processed) built into {out}",
        "生成 {pages} 个页面、{images} 张图片（新处理 {processed} 张），输出到 {out}",
    ),
    ("{errors} error, {warnings} warning", "{errors} 个错误，{warnings} 个警告"),
    ("{errors} error, {warnings} warnings", "{errors} 个错误，{warnings} 个警告"),
    ("{errors} errors, {warnings} warning", "{errors} 个错误，{warnings} 个警告"),
    ("{errors} errors, {warnings} warnings", "{errors} 个错误，{warnings} 个警告"),
    ("build failed: {totals}", "生成失败：{totals}"),
    ("check failed: {totals}", "检查未通过：{totals}"),
    ("external link (not fetched): {url}", "外部链接（未访问）：{url}"),
    ("{source}: draft (draft: true), left out", "{source}：草稿（draft: true），未生成"),
    ("{source}: scheduled for {date}, left out until then", "{source}：定时发布，{date} 起才生成"),
    # -- the command line ------------------------------------------------------------------
    ("build.py: error: {message}", "build.py: error: {message}"),
    ("build.py: warning: {message}", "build.py: warning: {message}"),
    ("{folder} is not a site: it has no site.toml", "{folder} 不是网站文件夹：里面没有 site.toml"),
    (
        "{folder} is not empty: init only fills a new or empty folder",
        "{folder} 不是空文件夹：init 只在新的或空的文件夹中建网站",
    ),
    ("{folder} exists and is not a folder", "{folder} 已存在，但不是文件夹"),
    (
        "--now must be ISO 8601 such as 2024-07-01T00:00:00+08:00, not {value}",
        "--now 须为 ISO 8601 格式，如 2024-07-01T00:00:00+08:00，而不是 {value}",
    ),
    (
        "SOURCE_DATE_EPOCH must be a whole number of seconds, not {value}",
        "SOURCE_DATE_EPOCH 须为整数秒，而不是 {value}",
    ),
    ("--port must be 1-65535, not {value}", "--port 须为 1 到 65535，而不是 {value}"),
    (
        "port {port} is already in use (another serve, or another program); try --port {suggested}",
        "端口 {port} 已被占用（另一个 serve 或别的程序）；请换一个端口，如 --port {suggested}",
    ),
    ("serving {folder} at {url} (Ctrl+C stops)", "预览 {folder}：{url}（按 Ctrl+C 停止）"),
    ("{count} files written in {ms} ms", "已写出 {count} 个文件，用时 {ms} 毫秒"),
    # The dev server's requests and livereload's lines (cli/server.py sends them through the log).
    (
        "{http_status} {method} {path} ({client}) {ms}ms",
        "{http_status} {method} {path}（来自 {client}，用时 {ms} 毫秒）",
    ),
    ("Serving on {url}", "预览服务已在 {url} 启动"),
    ("Start watching changes", "开始监视文件的改动"),
    ("Start detecting changes", "开始检测文件的改动"),
    ("Watch current working directory", "监视当前文件夹"),
    ("Browser Connected: {url}", "浏览器已连接：{url}"),
    ("Reload {count} waiters: {path}", "通知 {count} 个打开的页面刷新：{path}"),
    ("Ignore: {path}", "忽略：{path}"),
    ("Error sending message", "向浏览器发送刷新消息时出错"),
    ("Shutting down...", "正在停止预览……"),
    (
        "only http://127.0.0.1:{port}/ and http://localhost:{port2}/ are served",
        "只为 http://127.0.0.1:{port}/ 和 http://localhost:{port2}/ 提供预览",
    ),
    ("only GET and HEAD", "只接受 GET 和 HEAD 请求"),
    ("paths are at most {count} characters", "路径最长 {count} 个字符"),
    ("the path holds a control character", "路径中有控制字符"),
    (
        "cannot listen on 127.0.0.1:{port}: {reason}; try another --port",
        "无法在 127.0.0.1:{port} 上提供预览：{reason}；请换一个 --port",
    ),
    (
        "could not write the build's files: {reason}; check that the disk holding the site and its .cache/ "
        "has space "
        "and is writable",
        "无法写出生成所需的文件：{reason}；请检查存放网站和 .cache/ 的磁盘是否还有空间、是否可写",
    ),
    (
        "could not read or write this file: {reason}; .cache/ must be a writable folder (it is safe to "
        "delete)",
        "无法读写这个文件：{reason}；.cache/ 须是可写的文件夹（可以放心删除）",
    ),
    (
        "another build of this site is running (process {pid}, started {started}); waiting for it to finish",
        "本网站的另一次构建正在进行（进程 {pid}，开始于 {started}）；等它完成后继续",
    ),
    (
        "another build of this site is still running (process {pid}, started {started}); "
        "try again when it has finished",
        "本网站的另一次构建仍在进行（进程 {pid}，开始于 {started}）；请等它完成后再试",
    ),
    (
        "could not read or write this file: {reason}; check that the disk has space and is writable",
        "无法读写这个文件：{reason}；请检查磁盘是否还有空间、是否可写",
    ),
    ("could not save the build cache: {reason}", "无法保存生成缓存：{reason}（只影响下次生成的速度）"),
    ("could not save the build record: {reason}", "无法保存生成记录：{reason}（只影响下次生成的速度）"),
    ("cannot be read: {reason}", "无法读取：{reason}"),
    ("the folder cannot be read: {reason}", "无法读取这个文件夹：{reason}"),
    # The system's reasons (errors.reason), as parts of the messages above.
    ("No space left on device", "磁盘空间已满"),
    ("Disk quota exceeded", "超出了磁盘配额"),
    ("Permission denied", "没有权限"),
    ("Operation not permitted", "不允许这样操作"),
    ("Read-only file system", "文件系统是只读的"),
    ("No such file or directory", "文件或文件夹不存在"),
    ("Is a directory", "这是一个文件夹"),
    ("Not a directory", "这不是文件夹"),
    ("File name too long", "文件名太长"),
    ("Too many open files", "打开的文件太多"),
    ("Address already in use", "地址已被占用"),
    ("Input/output error", "读写出错（磁盘可能有故障）"),
    ("could not tidy up after an earlier build: {reason}", "无法清理上次生成留下的文件：{reason}"),
    (
        "internal error while processing {where} ({detail}); this is a fault of the generator, not of your "
        "site: "
        "please report it with that file",
        "处理 {where} 时程序内部出错（{detail}）；这是生成器的问题，不是网站内容的问题："
        "请连同该文件一起报告给维护人员",
    ),
    (
        "declare a programme first: [programs.<slug>] with a title",
        "请先声明一个项目：在 site.toml 中写 [programs.<网址名>] 和它的 title",
    ),
    (
        "programme '{program}' already has its five activities (order 1-5)",
        "项目“{program}”已有五项活动（order 1 到 5）",
    ),
    ("already exists; edit it, or choose another title", "已存在；请修改它，或换一个标题"),
    ("no content type '{name}' (known: {known})", "没有“{name}”这种内容类型（已有：{known}）"),
    # -- site.toml -------------------------------------------------------------------------
    ("no site.toml in {folder}", "{folder} 中没有 site.toml"),
    ("invalid TOML: {detail}", "TOML 格式错误：{detail}"),
    ("unknown key '{key}'{suggestion}", "未知的设置项“{key}”{suggestion}"),
    (
        'share_cards must be true, false or a list of content types such as ["article", "event"], '
        "not {value}",
        'share_cards 须为 true、false 或内容类型的列表，如 ["article", "event"]，而不是 {value}',
    ),
    (
        "share_cards: unknown content type '{name}'{suggestion} (types: {types})",
        "share_cards：未知的内容类型“{name}”{suggestion}（可用：{types}）",
    ),
    ("missing required key '{key}'", "缺少必填的设置项“{key}”"),
    (
        "base_url must be an absolute http(s) URL, not '{url}'",
        "base_url 须为以 http:// 或 https:// 开头的完整网址，而不是“{url}”",
    ),
    (
        "unknown time zone '{zone}', for example 'Asia/Shanghai'",
        "未知的时区“{zone}”，应写成如 'Asia/Shanghai'",
    ),
    ("{key} must be at least 1", "{key} 至少为 1"),
    ("taxonomy name '{name}' must match [a-z0-9-]", "分类名“{name}”只能用 a-z、0-9 和 -"),
    ("[taxonomies.{name}] must be a table", "[taxonomies.{name}] 须为一个表（一组设置）"),
    ("taxonomies.{name}.terms must be non-empty strings", "taxonomies.{name}.terms 的每一项须为非空文字"),
    ("programme slug '{slug}' must match [a-z0-9-]", "项目网址名“{slug}”只能用 a-z、0-9 和 -"),
    ("[programs.{slug}] must be a table", "[programs.{slug}] 须为一个表（一组设置）"),
    ("programs.{slug} needs a title", "programs.{slug} 缺少 title"),
    ("each [[menu]] entry needs exactly 'title' and 'url'", "每个 [[menu]] 须有且只有 title 和 url"),
    (
        "menu url '{url}' must be http(s)://, mailto:, tel: or a path of the site",
        "菜单网址“{url}”须以 http(s)://、mailto:、tel: 开头，或是本站的路径",
    ),
    ("html.raw must be one of {modes}, not '{raw}'", "html.raw 须为 {modes} 之一，而不是“{raw}”"),
    (
        "html.iframe_hosts takes host names such as 'v.example.gov.cn', not {host}",
        "html.iframe_hosts 须为主机名，如 'v.example.gov.cn'，而不是 {host}",
    ),
    # -- reading content -------------------------------------------------------------------
    ("no content/ folder in {folder}", "{folder} 中没有 content/ 文件夹"),
    (
        "this symbolic link leads outside the site (to {target}); copy the file into the site instead",
        "这个符号链接指向网站之外（{target}）；请把文件复制到网站文件夹中",
    ),
    ("content files belong in a type folder: {folders}", "内容文件须放在类型文件夹中：{folders}"),
    (
        "unknown content folder '{name}'{suggestion} (known: {known})",
        "未知的内容文件夹“{name}”{suggestion}（可用：{known}）",
    ),
    ("the file is not UTF-8 text; {hint}", "文件不是 UTF-8 编码；{hint}"),
    (
        "the text holds the invisible control character U+{code}; delete it (retype the line)",
        "文中有看不见的控制字符 U+{code}；请删除它（重新输入这一行）",
    ),
    (
        "the file must start with front matter: a line '---', fields such as 'title: ...', and another "
        "line '---'",
        "文件须以前言开头：一行 ---，然后是 title: ... 等字段，再一行 ---",
    ),
    (
        "the front matter is not closed: add a line '---' after the last field",
        "前言没有结束：请在最后一个字段后加一行 ---",
    ),
    ("{what} nested more than {depth} levels deep", "{what}嵌套超过 {depth} 层"),
    (
        "YAML anchors and aliases (&name, *name) are not allowed in {what}; write the value out",
        "{what}中不能使用 YAML 锚点和别名（&名称、*名称）；请把值直接写出来",
    ),
    ("invalid YAML in {what}: {detail}", "{what}的 YAML 格式有误：{detail}"),
    (
        "{what} must be fields like 'title: ...', not a list or text",
        "{what}须为 title: ... 这样的字段，而不是列表或一段文字",
    ),
    ("field '{field}' is given twice", "字段“{field}”写了两次"),
    ("unknown field '{field}'{suggestion}", "未知的字段“{field}”{suggestion}"),
    ("'{field}' must be {expected}, not {value}{extra}", "“{field}”须为{expected}，而不是 {value}{extra}"),
    ("bad date {value} for '{field}': {hint}", "“{field}”的日期 {value} 写法不对：{hint}"),
    ("missing required field '{field}'", "缺少必填字段“{field}”"),
    (
        "'cover' needs 'cover_alt': a short description of the picture for screen readers",
        "有 cover 就要写 cover_alt：用一句话说明图片内容，供读屏软件朗读",
    ),
    (
        "slug '{slug}' may only use a-z, 0-9 and '-', for example '{example}'",
        "网址名“{slug}”只能用 a-z、0-9 和 -，例如“{example}”",
    ),
    (
        "alias '{alias}' must be a path inside the site such as /old/page/",
        "旧网址“{alias}”须为本站内的路径，如 /old/page/",
    ),
    ("'{name}' must be a list of terms, such as [{example}]", "“{name}”须为词条列表，如 [{example}]"),
    (
        "'{term}' is not a term of '{taxonomy}'; allowed: {allowed}",
        "“{term}”不是“{taxonomy}”中的词；可用：{allowed}",
    ),
    ("duplicate {what}: also used by {other}", "{what}重复：{other} 也在用"),
    (
        "duplicate slug '{slug}': {here} and {there} would both be guides/{slug2}/; give one of them its "
        "own slug, "
        "such as 'slug: {suggested_slug}'",
        "网址名“{slug}”重复：{here} 和 {there} 都会生成 guides/{slug2}/；请给其中一篇写上自己的网址名，"
        "如“slug: {suggested_slug}”",
    ),
    (
        "term '{term}' of '{taxonomy}' has the same address as the term '{other}' ({taxonomy2}/{base}/), "
        "so it is "
        "published at {path}: if one of them is a typo, correct it",
        "“{taxonomy}”中的词“{term}”与“{other}”的网址相同（{taxonomy2}/{base}/），因此发布在 {path}："
        "如果其中一个是错别字，请改正",
    ),
    (
        "alias '{alias}' clashes with {other}, which is already at /{path}",
        "旧网址“{alias}”与 {other} 冲突，它已在 /{path}",
    ),
    ("alias '{alias}' clashes with an existing page ({path})", "旧网址“{alias}”与已有页面冲突（{path}）"),
    (
        "this page's address /{path} is already used by a page the site generates; choose another slug",
        "本页地址 /{path} 已被网站自动生成的页面占用；请换一个 slug",
    ),
    ("cover image '{cover}' not found", "找不到封面图片“{cover}”"),
    # -- input-method and paste slips (content/slips.py, markup/markdown.py) ----------------
    (
        "full-width colon '：' after '{key}': write an ASCII colon and a space, '{key2}: ' (switch the "
        "input method to "
        "English punctuation)",
        "“{key}”后面是全角冒号“：”：请改成半角冒号加空格，写成“{key2}: ”（输入法切换到英文标点）",
    ),
    (
        "'{term}' holds a full-width comma '{comma}': separate terms with an ASCII comma, [{terms}]",
        "“{term}”中有全角逗号“{comma}”：词与词之间请用半角逗号隔开，写成 [{terms}]",
    ),
    ("write {iso} (year-month-day with '-')", "请写成 {iso}（年-月-日，用半角短横线）"),
    (
        "zero-width characters (invisible, from pasted text) removed",
        "已删除零宽字符（看不见，来自粘贴的文字）",
    ),
    (
        "leading full-width spaces '　' removed: the theme indents paragraphs by itself",
        "已删除行首的全角空格“　”：网页会自动排版段落，不需要空格缩进",
    ),
    ("no-break spaces (from pasted text) made plain spaces", "已把不换行空格（来自粘贴的文字）改为普通空格"),
    ("{what} (also on {count} more lines)", "{what}（另有 {count} 行也是如此）"),
    (
        "these {count} lines each end a sentence but have no empty line between them, so they become one "
        "paragraph: "
        "leave an empty line between paragraphs",
        "这 {count} 行都以句号等结尾，但中间没有空行，会连成一个段落：段落之间请空一行",
    ),
    (
        "'{href}' is a file on your own computer, which readers cannot open: copy the picture into the "
        "article's folder "
        "and write its name, such as '{name}'",
        "“{href}”是您自己电脑上的文件，读者打不开：请把图片复制到文章所在的文件夹，再写图片的文件名，如“{name}”",
    ),
    (
        "'{href}' is a file on your own computer, which readers cannot open: copy the file into the "
        "article's folder "
        "and write its name, such as '{name}'",
        "“{href}”是您自己电脑上的文件，读者打不开：请把文件复制到文章所在的文件夹，再写文件名，如“{name}”",
    ),
    (
        "'{href}' uses backslashes '\\': write '{fixed}' with forward slashes '/'",
        "“{href}”用了反斜杠“\\”：请改用斜杠“/”，写成“{fixed}”",
    ),
    (
        "'{href}' points at nothing: did you mean '{fixed}'? (capital and small letters must match)",
        "“{href}”指向的文件不存在：是不是“{fixed}”？（字母大小写须一致）",
    ),
    # -- Markdown and links ----------------------------------------------------------------
    (
        "image '{image}' has no alt text: write ![what the picture shows]({image2})",
        "图片“{image}”没有说明文字：请写成 ![图片内容]({image2})",
    ),
    (
        "'{file}' is not an image (use .jpg, .png, .webp, .gif or .svg)",
        "“{file}”不是图片（请用 .jpg、.png、.webp、.gif 或 .svg）",
    ),
    (
        "unsafe HTML removed: {removed} (raw HTML is sanitised; iframes only from site.toml [html] "
        "iframe_hosts)",
        "已删除不安全的 HTML：{removed}（正文中的 HTML 会被清理；iframe 只允许来自 site.toml [html] "
        "iframe_hosts 的网站）",
    ),
    (
        '{attribute}="{value}" removed from <{tag}>: '
        "event handlers, style attributes and javascript: links are not allowed",
        '已从 <{tag}> 删除 {attribute}="{value}"：不允许事件处理、style 属性和 javascript: 链接',
    ),
    (
        "the text is nested too deeply (hundreds of '>' or list levels) to render; simplify it",
        "正文嵌套太深（几百层 > 或列表），无法生成；请简化",
    ),
    ("'{href}' points at nothing: {target} does not exist", "“{href}”指向的内容不存在：没有 {target}"),
    (
        "'{href}' points at nothing: no page or file /{path}",
        "“{href}”指向的内容不存在：没有页面或文件 /{path}",
    ),
    ("anchor '{href}' is not on this page", "本页没有锚点“{href}”"),
    (
        "'{href}': no heading or anchor '#{fragment}' on that page",
        "“{href}”：那个页面上没有标题或锚点“#{fragment}”",
    ),
    (
        "'{href}' is not a link a page may carry: use http(s)://, mailto:, tel: or a path of the site",
        "“{href}”不能作为链接：请用 http(s)://、mailto:、tel: 或本站的路径",
    ),
    ("a word is listed twice in this group: {line}", "这一组中有词重复：{line}"),
    # -- images and templates --------------------------------------------------------------
    (
        "image is {size} ({megapixels} megapixels); the limit is {limit} megapixels: scale it down before "
        "adding it",
        "图片为 {size}（{megapixels} 百万像素），上限是 {limit} 百万像素：请先缩小再放入",
    ),
    (
        "image is too large to open safely (over {limit} megapixels)",
        "图片太大，无法安全打开（超过 {limit} 百万像素）",
    ),
    (
        "not a readable image ({detail}); is the file damaged or misnamed?",
        "无法读取的图片（{detail}）；文件是否损坏或扩展名不对？",
    ),
    ("template syntax error: {detail}", "模板语法错误：{detail}"),
    (
        "{page} links to {url}, which is not built (made by this template or one it uses)",
        "{page} 链接到 {url}，但这个地址没有生成（链接出自这个模板或它用到的模板）",
    ),
    ("template not found: {name}", "找不到模板：{name}"),
    ("{detail} (while rendering {path})", "{detail}（生成 {path} 时）"),
    # -- writing ---------------------------------------------------------------------------
    (
        "could not write the site: {reason} ({path}); the previous output is unchanged",
        "无法写出网站：{reason}（{path}）；原来的输出没有改动",
    ),
    (
        "refusing to write {path}: it is not a path inside the output folder",
        "拒绝写入 {path}：它不在输出文件夹内",
    ),
    ("refusing to write the site into {folder}", "拒绝把网站写入 {folder}"),
    (
        "refusing to write the site into {folder}: choose a folder of its own, such as {example}",
        "拒绝把网站写入 {folder}：请用一个专用的文件夹，如 {example}",
    ),
    (
        "refusing to write the site into {folder}: {system} belongs to the system",
        "拒绝把网站写入 {folder}：{system} 是系统文件夹",
    ),
    (
        "refusing to write the site into {folder}: other programs keep files there; use a folder of its "
        "own, such as {example}",
        "拒绝把网站写入 {folder}：别的程序也在那里存放文件；请用一个专用的文件夹，如 {example}",
    ),
    (
        "the output folder holds {count} files this generator did not write (such as {example}); empty it "
        "or choose "
        "another --out (if it is the output of an earlier build whose .cache/ was deleted, delete the "
        "folder and build again)",
        "输出文件夹中有 {count} 个不是本生成器写的文件（如 {example}）；请清空它或换一个 --out"
        "（如果它是以前生成的、但 .cache/ 已被删除，请删掉这个文件夹再生成）",
    ),
    (
        "this file was not written by the generator, and the build would replace it with the generated "
        "{path}; "
        "move it out of the output folder",
        "这个文件不是本生成器写的，而生成时会用 {path} 替换它；请把它移出输出文件夹",
    ),
    (
        "the output folder {out} would replace {folder}; choose another --out",
        "输出文件夹 {out} 会替换 {folder}；请换一个 --out",
    ),
    ("the output folder {out} may not be inside {folder}", "输出文件夹 {out} 不能在 {folder} 之内"),
    ("the output path {out} exists and is not a folder", "输出路径 {out} 已存在，但不是文件夹"),
    # -- content types ---------------------------------------------------------------------
    ("unknown programme '{program}'; known: {known}", "未知的项目“{program}”；已有：{known}"),
    ("order must be 1 to 5, not {order}", "order 须为 1 到 5，而不是 {order}"),
    (
        "order {order} of '{program}' is also used by {other}",
        "项目“{program}”的序号 {order} 也被 {other} 使用",
    ),
    (
        "slug '{slug}' is taken by the programme page guides/{slug2}/",
        "网址名“{slug}”已被项目页 guides/{slug2}/ 占用",
    ),
    ("a material needs one of 'file', 'url' or 'resource'", "每项材料须写 file、url 或 resource 之一"),
    (
        "no resource with slug '{slug}'{suggestion} (known: {known})",
        "没有网址名为“{slug}”的资源{suggestion}（已有：{known}）",
    ),
    (
        "material file {file} must be a path such as 'files/sheet.pdf'",
        "材料文件 {file} 须为路径，如 'files/sheet.pdf'",
    ),
    ("material file '{file}' not found beside {source}", "在 {source} 旁边找不到材料文件“{file}”"),
    ("'start' and 'end' must both be dates or both be times", "start 和 end 须同为日期，或同为日期加时间"),
    ("the event ends before it starts", "活动的结束时间早于开始时间"),
    (
        "'all_day: false' needs a start time, such as 2023-06-12T09:00",
        "all_day: false 需要写开始时间，如 2023-06-12T09:00",
    ),
    ("no campaign with slug '{slug}'; known: {known}", "没有网址名为“{slug}”的专项行动；已有：{known}"),
    ("the campaign ends before it starts", "专项行动的结束日期早于开始日期"),
    ("phase '{name}' ends before it starts", "阶段“{name}”的结束日期早于开始日期"),
    (
        "unknown kind '{kind}'{suggestion} (allowed: {allowed})",
        "未知的资源类型“{kind}”{suggestion}（可用：{allowed}）",
    ),
    ("'{grade}' is not a grade; allowed: {allowed}", "“{grade}”不是学段；可用：{allowed}"),
    ("a resource has either 'file' or 'url', not both", "资源只能写 file 或 url 之一，不能都写"),
    ("a resource needs 'file' (a file beside it) or 'url'", "资源须写 file（放在同一文件夹的文件）或 url"),
    ("{name} {value} must be a path such as 'lesson.pdf'", "{name} {value} 须为路径，如 'lesson.pdf'"),
    ("resource file '{file}' not found beside {source}", "在 {source} 旁边找不到资源文件“{file}”"),
    (
        "image '{file}' needs 'alt': a short description of the picture for screen readers",
        "图片“{file}”需要写 alt：用一句话说明图片内容，供读屏软件朗读",
    ),
    (
        "video '{file}' has no captions: add 'captions: <name>.vtt' (WebVTT subtitles) so that deaf "
        "readers can follow it",
        "视频“{file}”没有字幕：请加 captions: <文件名>.vtt（WebVTT 字幕），方便听障读者观看",
    ),
    ("captions file '{file}' not found beside {source}", "在 {source} 旁边找不到字幕文件“{file}”"),
    (
        "resource file '{file}' is {size} MB, more than max_attachment_mb = {limit} in site.toml: "
        "compress it, or publish it elsewhere and give its 'url'",
        "资源文件“{file}”有 {size} MB，超过 site.toml 中 max_attachment_mb = {limit}：请压缩，"
        "或放到别处发布并填写 url",
    ),
    ("'intro' must be text", "intro 须为文字"),
    ("a quiz needs at least one question", "测试至少要有一道题"),
    (
        "a quiz is a YAML file such as content/quizzes/<name>.yaml; nothing else belongs in content/quizzes/",
        "测试是 YAML 文件，如 content/quizzes/<名称>.yaml；content/quizzes/ 中不能放别的文件",
    ),
    ("question {number}", "第 {number} 题"),
    (
        "unknown question type '{type}'{suggestion} (allowed: {allowed})",
        "未知的题型“{type}”{suggestion}（可用：{allowed}）",
    ),
    (
        "{question} is true/false: its options are always {options}; remove 'options'",
        "{question}是判断题：选项固定为 {options}；请删除 options",
    ),
    ("{question} needs at least two options", "{question}至少要有两个选项"),
    ("option '{option}' of {question} is given twice", "{question}的选项“{option}”写了两次"),
    (
        "{question} has no correct answer: add 'answer:' with the right option",
        "{question}没有正确答案：请加 answer: 写上正确选项",
    ),
    (
        "answer '{answer}' of {question} is not one of its options: {options}{true_false}",
        "{question}的答案“{answer}”不在选项中：{options}{true_false}",
    ),
    ("answer '{answer}' of {question} is given twice", "{question}的答案“{answer}”写了两次"),
    (
        "{question} is single choice with one correct answer; write 'type: multiple' for a question with "
        "several",
        "{question}是单选题，只有一个正确答案；有多个答案的题请写 type: multiple",
    ),
    (
        "{question} is true/false: its answer is true or false, not both",
        "{question}是判断题：答案是 true 或 false，不能都写",
    ),
    # -- figures: stats, charts and their data files (figures/data.py) ------------------------
    ("chart data", "图表数据"),
    ("'{label}' is {value}%: a percentage cannot be over 100", "“{label}”是 {value}%：百分比不能超过 100"),
    ("give the numbers either here or in the data file, not both", "数字写在这里或数据文件里，不能两处都写"),
    ("a chart needs a 'title'", "图表须写 title（标题）"),
    ("unknown chart type '{kind}'; use one of: {kinds}", "未知的图表类型“{kind}”；可用：{kinds}"),
    (
        "a chart needs 'categories': the names along its axis or of its slices",
        "图表须写 categories：横轴上的各项名称，或饼图各块的名称",
    ),
    (
        "a chart needs 'series': a name and one value per category",
        "图表须写 series：每组数据一个名称，每个类别一个数值",
    ),
    ("a {kind} chart has one series, not {count}", "{kind} 图只能有一组数据（series），这里有 {count} 组"),
    (
        "series '{name}' has {count} values for {number} categories",
        "数据组“{name}”有 {count} 个数值，而类别有 {number} 个：每个类别须有一个数值",
    ),
    (
        "series '{name}' has a negative value: bars and slices cannot draw it",
        "数据组“{name}”中有负数：柱形和扇形画不出负数",
    ),
    (
        "series '{name}' has {value}%: a percentage cannot be over 100",
        "数据组“{name}”中有 {value}%：百分比不能超过 100",
    ),
    ("the parts add up to {value}%: more than 100", "各部分合计 {value}%：超过了 100%"),
    ("every slice is 0: there is nothing to draw", "每一块都是 0：没有可画的内容"),
    (
        "'data: {ref}' must name a .yaml or .csv file under data/, such as data/figures.csv",
        "data: {ref} 须为 data/ 文件夹中的 .yaml 或 .csv 文件，如 data/figures.csv",
    ),
    ("'data: {ref}' points at nothing: there is no such file", "data: {ref} 指向的文件不存在"),
    ("a data file cannot point at another", "数据文件不能再用 data 指向另一个数据文件"),
    (
        "a chart's CSV needs a heading row (categories, then series names) and a row per category",
        "图表的 CSV 文件须有一行标题（先写类别，再写各组数据的名称），然后每个类别一行",
    ),
    (
        "this row has {count} cells; the heading row has {number}",
        "这一行有 {count} 格，而标题行有 {number} 格",
    ),
    ("'{cell}' is not a number", "“{cell}”不是数字"),
    ("an empty cell: write 0 if the value is zero", "有空格：数值为零请写 0"),
    # -- campaign progress (types/campaigns.py, figures/progress.py) --------------------------
    (
        "status '{status}' is not one of {allowed}{suggestion}",
        "状态“{status}”不是 {allowed} 之一{suggestion}",
    ),
    (
        "'done: {date}' is before the campaign starts ({start})",
        "done: {date} 早于专项行动的开始日期（{start}）",
    ),
    (
        "'done' says the task is finished but its status is '{status}'",
        "写了 done（完成日期）说明任务已完成，但状态是“{status}”：请改为 status: 已完成，或删去 done",
    ),
    (
        "report '{report}' points at nothing: give an https:// address or the source path of an article, "
        "such as content/articles/x.md",
        "报送材料“{report}”指向的内容不存在：请写 https:// 开头的网址，"
        "或文章的源文件路径，如 content/articles/x.md",
    ),
    ("report date {date} is outside the campaign", "报送日期 {date} 不在专项行动期间"),
    (
        "'{text}': write the days of the month from 1 to 31, such as 'every 10th, 20th, 30th'",
        "“{text}”：请写每月的几日（1 到 31），如 every 10th, 20th, 30th 或 每月10日、20日、30日",
    ),
    (
        "'{text}' is neither a date (YYYY-MM-DD) nor 'every 10th, 20th, 30th'",
        "“{text}”既不是日期（YYYY-MM-DD），也不是 every 10th, 20th, 30th 这样的每月报送日",
    ),
]
