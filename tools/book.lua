-- book.lua -- pandoc 2.17 Lua filter for "The Labyrinth" (HTML and PDF).
--
-- 1. Code blocks of class "run", "dotrun" and "plotrun" execute a
--    `labyrinth ...` command in $LABYRINTH_BUILD so that the book shows real
--    output, figures drawn from the live model (Graphviz) and plots of the
--    model's numbers (gnuplot, with a script from figures/).
-- 2. Chunk code blocks (class "chunkcode", written by tools/nw2md) become
--    highlighted HTML in which each chunk use ⟨...⟩ links to its chunk.
-- 3. Figures are numbered ("Figure N: ") in HTML; references written as
--    [](#fig:x) or [Figure](#fig:x) become "Figure N" (HTML) or
--    "Figure~\ref{fig:x}" (LaTeX).
-- 4. LaTeX: \appendix goes before the first chapter of class "appendix".
-- 5. A chapter whose header says part="I: The labyrinth" opens a part: \part in
--    LaTeX, a part title before the chapter in HTML.
-- 6. An empty ```{.lab name=NAME} block shows lab/results/NAME.txt, the real
--    kernel's numbers beside the model's that `make lab` wrote (the book is
--    built without QEMU); a missing file fails the build.
--
-- Any failure calls error(), which makes pandoc exit non-zero and so
-- fails the build.

-- An EPUB is XHTML: it takes the HTML book's figures (SVG) and part titles,
-- but its chapters are separate files, whose links pandoc only rewrites in
-- the document, not in raw HTML; chunk code is a plain block there.
local is_epub = FORMAT:match('epub') ~= nil
local is_html = FORMAT:match('html') ~= nil or is_epub
local is_latex = FORMAT:match('latex') ~= nil or FORMAT == 'beamer'

local stringify = pandoc.utils.stringify

-- Quote a string for POSIX sh.
local function shquote(s)
  return "'" .. s:gsub("'", "'\\''") .. "'"
end

local function html_escape(s)
  return (s:gsub('[&<>"]', {
    ['&'] = '&amp;', ['<'] = '&lt;', ['>'] = '&gt;', ['"'] = '&quot;' }))
end

-- Remove one trailing newline (and any more after it).
local function trim_trailing_newlines(s)
  return (s:gsub('\n+$', ''))
end

---------------------------------------------------------------------------
-- Long lines in LaTeX
---------------------------------------------------------------------------

-- fancyvrb cannot break lines (fvextra is not installed), so for LaTeX
-- we wrap code and console lines longer than WRAP_COLUMNS ourselves:
-- break at the last space that fits (or hard at the limit) and start the
-- continuation with the line's indentation plus "↪ ".
local WRAP_COLUMNS = 94

local function expand_tabs(line)
  local out, col = {}, 0
  for _, c in utf8.codes(line) do
    if c == 9 then
      local n = 8 - col % 8
      table.insert(out, string.rep(' ', n))
      col = col + n
    else
      table.insert(out, utf8.char(c))
      col = col + 1
    end
  end
  return table.concat(out)
end

local function wrap_line(line)
  local chars = {}
  for _, c in utf8.codes(expand_tabs(line)) do table.insert(chars, utf8.char(c)) end
  if #chars <= WRAP_COLUMNS then return table.concat(chars) end
  local indent = 0
  while chars[indent + 1] == ' ' do indent = indent + 1 end
  local lead = string.rep(' ', math.min(indent, 40)) .. '↪ '
  local pieces = {}
  local first = true
  while true do
    local limit = first and WRAP_COLUMNS or (WRAP_COLUMNS - utf8.len(lead))
    if #chars <= limit then break end
    local cut = limit
    for i = limit, math.floor(limit / 2), -1 do
      if chars[i] == ' ' then cut = i; break end
    end
    table.insert(pieces, (first and '' or lead) .. table.concat(chars, '', 1, cut))
    local rest = {}
    for i = cut + 1, #chars do table.insert(rest, chars[i]) end
    chars = rest
    first = false
  end
  table.insert(pieces, (first and '' or lead) .. table.concat(chars))
  return table.concat(pieces, '\n')
end

local function wrap_for_latex(text)
  if not is_latex then return text end
  local lines = {}
  for line in (text .. '\n'):gmatch('(.-)\n') do
    table.insert(lines, wrap_line(line))
  end
  return table.concat(lines, '\n')
end

---------------------------------------------------------------------------
-- Running commands
---------------------------------------------------------------------------

-- Run COMMAND with sh in $LABYRINTH_BUILD, that directory first on PATH.
-- Returns output (stdout and stderr together) and the exit status.
-- The output of a command is kept in $LABYRINTH_BUILD/run-cache under a key
-- made of the command, the code the tool was built from (tools/code-id: its
-- tangled sources without #line directives, which move with every edit of
-- prose, and the makefile that compiles them) and every file the command names.  A book rebuilt
-- after an edit of prose, or the PDF built after the HTML, runs nothing again;
-- an edit of code runs everything again.  tools/test-book-runs still runs each
-- command afresh and compares.  LABYRINTH_RUN_CACHE=no turns the cache off.
local code_identity = nil
local PANDOC_VERSION_TEXT = tostring(PANDOC_VERSION)

-- Write a cache file whole, then rename it into place: a PDF and an HTML build
-- may run at once, and neither may read half a file.
local directories_made = {}
local function write_whole(path, text)
  local dir = path:match('^(.*)/[^/]*$')
  if dir and not directories_made[dir] then
    os.execute('mkdir -p ' .. shquote(dir))
    directories_made[dir] = true
  end
  local stat = io.open('/proc/self/stat', 'r')   -- this pandoc's pid: a name of its own
  local pid = stat and stat:read('l'):match('^%d+') or FORMAT
  if stat then stat:close() end
  local partial = path .. '.' .. pid
  local f = io.open(partial, 'wb')
  if f then
    f:write(text)
    f:close()
    os.rename(partial, path)
  end
end

-- nil when there is no code to hash (a fixture's build directory holds only a
-- tool): then nothing is cached.
local function run_cache_key(build, command)
  if code_identity == nil then
    local ok, out = pcall(pandoc.pipe, 'tools/code-id', {build .. '/src'}, '')
    code_identity = ok and out or false
  end
  if not code_identity then return nil end
  local named = {}
  for word in command:gmatch('[^%s|<>]+') do
    if word:find('/', 1, true) then
      local f = io.open(build .. '/' .. word, 'rb') or io.open(word, 'rb')
      if f then
        table.insert(named, word .. '\0' .. f:read('a'))
        f:close()
      end
    end
  end
  return pandoc.sha1(code_identity .. '\0' .. command .. '\0' .. table.concat(named, '\0'))
end

local function run_command(command)
  local build = os.getenv('LABYRINTH_BUILD')
  if build == nil or build == '' then
    error('book.lua: LABYRINTH_BUILD is not set; cannot run: ' .. command)
  end
  local use_cache = os.getenv('LABYRINTH_RUN_CACHE') ~= 'no'
  local cached = nil
  local key = use_cache and run_cache_key(build, command)
  if key then
    cached = build .. '/run-cache/' .. key
    local f = io.open(cached, 'rb')
    if f then
      local out = f:read('a')
      f:close()
      local body, status = out:match('^(.-)@exit:(%d+)\n?$')
      if body then return body, tonumber(status) end
    end
  end
  if command:find('\n') then
    error('book.lua: a run block must hold exactly one command line, got:\n' .. command)
  end
  if command ~= 'labyrinth' and not command:match('^labyrinth%s') then
    error('book.lua: a run block must start with "labyrinth": ' .. command)
  end
  -- The command runs in a subshell so that "exit" or a failing pipeline in
  -- it cannot skip the status line; our own sh always exits 0, so
  -- pandoc.pipe will not raise for an expected non-zero status.
  local script = 'cd ' .. shquote(build) .. ' || exit 97\n'
    .. 'PATH=' .. shquote(build) .. ':"$PATH"; export PATH\n'
    .. '(\n' .. command .. '\n) </dev/null 2>&1\n'
    .. 'echo "@exit:$?"\n'
  local ok, out = pcall(pandoc.pipe, 'sh', {'-c', script}, '')
  if not ok then
    error('book.lua: could not run sh for: ' .. command .. '\n' .. tostring(out))
  end
  local body, status = out:match('^(.-)@exit:(%d+)\n?$')
  if body == nil then
    error('book.lua: could not find the exit status of: ' .. command
          .. '\noutput was:\n' .. out)
  end
  if cached then write_whole(cached, out) end
  return body, tonumber(status)
end

local function expected_exit(cb)
  local e = cb.attributes['exit']
  if e == nil or e == '' then return 0 end
  local n = tonumber(e)
  if n == nil then
    error('book.lua: exit attribute is not a number: ' .. e)
  end
  return n
end

-- Run the command of a block and check its exit status.
local function run_checked(cb, want)
  local command = trim_trailing_newlines(cb.text):gsub('^%s+', ''):gsub('%s+$', '')
  local out, status = run_command(command)
  if status ~= want then
    error(string.format(
      'book.lua: command exited with status %d, expected %d\n$ %s\n%s',
      status, want, command, out))
  end
  return command, out
end

-- The '#' lines a run prints first describe its machine.  A chapter shows each
-- machine once: a later run on the same machine in the same chapter leaves
-- them out (tools/test-book-runs checks that what is shown is what the tool
-- printed).
local machines_shown = {}      -- the '#' lines shown in this chapter -> true

local function drop_repeated_machine(out)
  local stop = 1
  while out:sub(stop, stop) == '#' do
    local newline = out:find('\n', stop, true)
    if newline == nil then break end
    stop = newline + 1
  end
  local machine = out:sub(1, stop - 1)
  if machine == '' then return out end
  if machines_shown[machine] then return out:sub(#machine + 1) end
  machines_shown[machine] = true
  return out
end

-- A transcript in print: the HTML shows it whole; the PDF must not wrap it.
-- The command and the tool's '#' lines break between words (the command with
-- the shell's " \", so that it can still be pasted); a wider output line sets
-- the whole block smaller, down to \scriptsize (120 columns, 7 pt).
local TRANSCRIPT_SIZES = {{WRAP_COLUMNS, nil}, {105, 'footnotesize'}, {120, 'scriptsize'}}

local function break_between_words(line, limit, continuation, tail)
  if utf8.len(line) <= limit then return {line} end
  local pieces, current = {}, nil
  for word in line:gmatch('%S+') do
    if current == nil then
      current = word
    elseif utf8.len(current) + 1 + utf8.len(word) + utf8.len(tail) <= limit then
      current = current .. ' ' .. word
    else
      table.insert(pieces, current .. tail)
      current = continuation .. word
    end
  end
  table.insert(pieces, current)
  return pieces
end

local function transcript_for_latex(command, out)
  local lines = break_between_words('$ ' .. command, WRAP_COLUMNS, '      ', ' \\')
  local widest = 0
  for line in (trim_trailing_newlines(out) .. '\n'):gmatch('(.-)\n') do
    if line:sub(1, 2) == '# ' then
      for _, piece in ipairs(break_between_words(line, WRAP_COLUMNS, '#   ', '')) do
        table.insert(lines, piece)
      end
    else
      line = expand_tabs(line)
      widest = math.max(widest, utf8.len(line))
      table.insert(lines, line)
    end
  end
  local text = table.concat(lines, '\n')
  for _, size in ipairs(TRANSCRIPT_SIZES) do
    if widest <= size[1] then return text, size[2] end
  end
  -- Wider still (a tracepoint's full line, pagetypeinfo's block counts): the
  -- print edition trims the line, and says so with "…"; the HTML has it whole.
  local limit = TRANSCRIPT_SIZES[#TRANSCRIPT_SIZES][1]
  for i, line in ipairs(lines) do
    if utf8.len(line) > limit then
      lines[i] = line:sub(1, utf8.offset(line, limit) - 1) .. '…'
    end
  end
  return table.concat(lines, '\n'), TRANSCRIPT_SIZES[#TRANSCRIPT_SIZES][2]
end

-- ```{.run exit=N} -> console block with the command and its real output.
local function run_block(cb)
  local command, out = run_checked(cb, expected_exit(cb))
  out = drop_repeated_machine(out)
  local attr = pandoc.Attr(cb.identifier, {'console'}, {})
  if not is_latex then
    return pandoc.CodeBlock(trim_trailing_newlines('$ ' .. command .. '\n' .. out), attr)
  end
  local text, size = transcript_for_latex(command, out)
  local block = pandoc.CodeBlock(text, attr)
  if size == nil then return block end
  return {pandoc.RawBlock('latex', '{\\renewcommand{\\codesize}{\\' .. size .. '}%'),
          block, pandoc.RawBlock('latex', '}')}
end

-- ```{.lab name=NAME} -> the committed result of a real-kernel experiment,
-- lab/results/NAME.txt (pandoc runs in the top directory), under a line that
-- names the machine (from lab/experiments) and the file.  name=A,B,... shows
-- several results in one block, one after the other (each begins with its
-- own heading line), under one line.  Set like
-- a transcript: in print a wide result is set smaller, down to \scriptsize,
-- and trimmed with "…" beyond that.
local function lab_machine(name)
  local registry = io.open('lab/experiments', 'r')
  if registry == nil then error('book.lua: no lab/experiments') end
  local machine = nil
  for line in registry:lines() do
    local n, mem, cpus, nodes = line:match('^(%S+)%s+(%S+)%s+(%S+)%s+(%S+)')
    if n == name then
      machine = string.format('%s, %s CPU%s, %s node%s', mem, cpus,
        cpus == '1' and '' or 's', nodes, nodes == '1' and '' or 's')
    end
  end
  registry:close()
  if machine == nil then
    error('book.lua: the lab block ' .. name .. ' is not in lab/experiments')
  end
  return machine
end

local function lab_result(name)
  if not name:match('^ch%d%d%-[%w-]+$') then
    error('book.lua: a lab block needs name=chNN-name, got: ' .. name)
  end
  local path = 'lab/results/' .. name .. '.txt'
  local f = io.open(path, 'r')
  if f == nil then
    error('book.lua: ' .. path .. ' is missing: run make lab CH='
          .. tonumber(name:sub(3, 4)) .. ' LAB_UPDATE=1 on a machine with QEMU')
  end
  local text = trim_trailing_newlines(f:read('a'))
  f:close()
  if text == '' then error('book.lua: ' .. path .. ' is empty') end
  return text, path
end

local function lab_block(cb)
  local list = cb.attributes['name']
  if list == nil or list == '' then
    error('book.lua: a lab block needs name=chNN-name')
  end
  if trim_trailing_newlines(cb.text):match('%S') then
    error('book.lua: the lab block ' .. list .. ' must be empty: its text '
          .. 'comes from lab/results/')
  end
  local texts, caption = {}, nil
  for name in list:gmatch('[^,%s]+') do
    local text, path = lab_result(name)
    table.insert(texts, text)
    caption = caption and ('Linux 6.12 and the model, ' .. #texts
                           .. ' results from `lab/results/`')
      or ('Linux 6.12 and the model, ' .. lab_machine(name) .. ': `' .. path .. '`')
  end
  local text = table.concat(texts, '\n')
  caption = pandoc.Para({pandoc.Emph(pandoc.read(caption, 'markdown').blocks[1].content)})
  local attr = pandoc.Attr(cb.identifier, {'labresult'}, {})
  if not is_latex then
    return pandoc.Div({caption, pandoc.CodeBlock(text, attr)},
                      pandoc.Attr('', {'labresult'}, {['data-lab'] = list}))
  end
  -- transcript_for_latex sets a command line first: drop it.  A result is
  -- set a size smaller than code (it is read as a table, not typed in).
  local set, size = transcript_for_latex('', text)
  set = set:gsub('^[^\n]*\n', '', 1)
  size = size or 'footnotesize'
  return {caption, pandoc.RawBlock('latex', '{\\renewcommand{\\codesize}{\\' .. size .. '}%'),
          pandoc.CodeBlock(set, attr), pandoc.RawBlock('latex', '}')}
end

-- A figure from image bytes: into the mediabag, and an implicit figure
-- (a lone image whose title is "fig:") with the block's caption, which may
-- use Markdown, and its other attributes (width=...).
local OUR_ATTRIBUTES = {caption = true, exit = true, script = true}

local function figure_block(cb, name, mime, img, class)
  pandoc.mediabag.insert(name, mime, img)
  local caption = {}
  local captext = cb.attributes['caption']
  if captext and captext ~= '' then
    local parsed = pandoc.read(captext, 'markdown').blocks
    if #parsed > 0 and parsed[1].content then caption = parsed[1].content end
  end
  local attrs = {}
  for k, v in pairs(cb.attributes) do
    if not OUR_ATTRIBUTES[k] then attrs[k] = v end
  end
  local classes = {}
  for _, c in ipairs(cb.classes) do
    if c ~= class then table.insert(classes, c) end
  end
  return pandoc.Para({pandoc.Image(caption, name, 'fig:',
                                   pandoc.Attr(cb.identifier, classes, attrs))})
end

-- An SVG as an EPUB may hold it: no document type declaration (it names an
-- external DTD, which EPUB 3 forbids), and no id twice (gnuplot gives a plot
-- and its key the same one).  The HTML book takes the same SVG.
local function clean_svg(svg)
  svg = svg:gsub('<!DOCTYPE[^>]*>\n?', '', 1)
  local seen = {}
  return (svg:gsub('id="([^"]*)"', function(id)
    seen[id] = (seen[id] or 0) + 1
    if seen[id] == 1 then return nil end
    return string.format('id="%s-%d"', id, seen[id])
  end))
end

-- ```{.dotrun #fig:x caption="..."} -> figure drawn by Graphviz.
local function dotrun_block(cb)
  local _, dottext = run_checked(cb, 0)
  local fmt, ext, mime
  if is_latex then
    fmt, ext, mime = '-Tpdf', '.pdf', 'application/pdf'
  else
    fmt, ext, mime = '-Tsvg', '.svg', 'image/svg+xml'
  end
  local ok, img = pcall(pandoc.pipe, 'dot', {fmt}, dottext)
  if not ok then
    error('book.lua: dot failed for: ' .. trim_trailing_newlines(cb.text)
          .. '\n' .. tostring(img))
  end
  if ext == '.svg' then img = clean_svg(img) end
  return figure_block(cb, pandoc.sha1(dottext) .. ext, mime, img, 'dotrun')
end

-- ```{.plotrun #fig:x script="figures/x.gp" caption="..."} -> a plot by gnuplot.
-- The block's command prints whitespace-separated columns (lines starting
-- with # are comments, as gnuplot reads them); the script plots the file
-- named by its variable `datafile`.  The terminal and the output are set
-- here, SVG for HTML and PDF for LaTeX, so a script holds no format.
local PLOT_TERMINALS = {
  svg = "svg size 720,420 dynamic font 'Helvetica,12' background rgb 'white'",
  pdf = "pdfcairo size 15cm,8.75cm font 'Helvetica,8' fontscale 0.75",
}

local function read_file(name)
  local f = io.open(name, 'rb')
  if not f then return nil end
  local text = f:read('a')
  f:close()
  return text
end

local function plotrun_block(cb)
  local _, data = run_checked(cb, 0)
  local script = cb.attributes['script']
  if script == nil or script == '' then
    error('book.lua: a plotrun block needs script="figures/NAME.gp"')
  end
  local script_text = read_file(script)
  if script_text == nil then
    error('book.lua: cannot read the plot script ' .. script)
  end
  local ext, mime = '.svg', 'image/svg+xml'
  if is_latex then ext, mime = '.pdf', 'application/pdf' end
  local data_file, image_file = os.tmpname(), os.tmpname()
  local f = io.open(data_file, 'w')
  f:write(data)
  f:close()
  local setup = string.format("set terminal %s; set output '%s'; datafile = '%s'",
                              PLOT_TERMINALS[ext:sub(2)], image_file, data_file)
  local ok, err = pcall(pandoc.pipe, 'gnuplot', {'-e', setup, script}, '')
  local img = read_file(image_file)
  os.remove(data_file)
  os.remove(image_file)
  if not ok or img == nil or img == '' then
    error('book.lua: gnuplot ' .. script .. ' failed for: '
          .. trim_trailing_newlines(cb.text) .. '\n' .. tostring(err))
  end
  if ext == '.svg' then img = clean_svg(img) end
  return figure_block(cb, pandoc.sha1(data .. script_text) .. ext, mime, img, 'plotrun')
end

---------------------------------------------------------------------------
-- Chunk code with links (HTML)
---------------------------------------------------------------------------

local chunk_counter = 0
local USE_PATTERN = '⟨([^\n]-)⟩'

local LATEX_SPECIAL = {['\\'] = '\\textbackslash{}', ['{'] = '\\{', ['}'] = '\\}',
  ['$'] = '\\$', ['&'] = '\\&', ['#'] = '\\#', ['^'] = '\\^{}', ['_'] = '\\_',
  ['%'] = '\\%', ['~'] = '\\textasciitilde{}'}

-- The key of a chunk's label in LaTeX: its id with "." for "-", which
-- fancyvrb makes an active character inside code.
local function label_key(id)
  return (id:gsub('-', '.'))
end

-- Print edition: highlighted as any C block, and every use ⟨name⟩ in the
-- code carries the label of the chunk it names, "⟨Take the zone lock 87b⟩"
-- (\chunklabel, tools/latex-header.tex), as noweb prints it.  The use goes
-- through the highlighter as a placeholder identifier and comes back as
-- LaTeX inside pandoc's Highlighting environment, whose command characters
-- are \, { and }.
local function latex_chunk_block(cb, uses, classes)
  local names = {}
  local text = wrap_for_latex(cb.text):gsub(USE_PATTERN, function(name)
    table.insert(names, name)
    return string.format('LABYRINTHUSE%04dX', #names)
  end)
  if #names ~= #uses then
    error(string.format('book.lua: chunk code has %d uses ⟨...⟩ but uses="%s" lists %d labels',
                        #names, cb.attributes['uses'] or '', #uses))
  end
  local block = pandoc.CodeBlock(text, pandoc.Attr(cb.identifier, classes, {}))
  if #names == 0 then return block end
  local latex = pandoc.write(pandoc.Pandoc({block}), 'latex')
  local replaced = 0
  latex = latex:gsub('LABYRINTHUSE(%d%d%d%d)X', function(num)
    local k = tonumber(num)
    replaced = replaced + 1
    local name = names[k]:gsub('[\\{}$&#^_%%~]', LATEX_SPECIAL)
    return '⟨' .. name .. ' \\chunkcodelabel{' .. label_key(uses[k]) .. '}⟩'
  end)
  if replaced ~= #names then
    error(string.format('book.lua: highlighter lost chunk uses (%d of %d found):\n%s',
                        replaced, #names, cb.text))
  end
  return pandoc.RawBlock('latex', latex)
end

-- Highlighting a chunk (pandoc.write) is most of the filter's time for the
-- HTML, and a chunk's HTML depends on its text, identifier and classes only:
-- it is kept in $LABYRINTH_BUILD/chunk-cache, so that a rebuild after an edit
-- highlights only the chunks that changed.
local function highlighted_html(text, ident, classes)
  local build = os.getenv('LABYRINTH_BUILD')
  local key = pandoc.sha1(PANDOC_VERSION_TEXT .. '\0' .. ident .. '\0'
                          .. table.concat(classes, ' ') .. '\0' .. text)
  local cached = build and build ~= '' and (build .. '/chunk-cache/' .. key) or nil
  if cached then
    local f = io.open(cached, 'rb')
    if f then
      local html = f:read('a')
      f:close()
      return html
    end
  end
  local plain = pandoc.CodeBlock(text, pandoc.Attr(ident, classes, {}))
  local html = pandoc.write(pandoc.Pandoc({plain}), 'html')
  if cached then write_whole(cached, html) end
  return html
end

local function chunk_block(cb)
  local uses = {}
  for label in (cb.attributes['uses'] or ''):gmatch('%S+') do
    table.insert(uses, label)
  end
  local classes = {}
  for _, c in ipairs(cb.classes) do
    if c ~= 'chunkcode' then table.insert(classes, c) end
  end
  if cb.text:find('LABYRINTHUSE', 1, true) then
    error('book.lua: chunk code contains the reserved word LABYRINTHUSE')
  end
  if is_latex then
    return latex_chunk_block(cb, uses, classes)
  end
  if not is_html or is_epub then
    -- EPUB and others: a plain highlighted block.
    return pandoc.CodeBlock(cb.text, pandoc.Attr(cb.identifier, classes, {}))
  end

  -- Replace every ⟨name⟩ by a placeholder that the C highlighter will
  -- treat as one plain identifier, so the link can be put back afterwards
  -- without parsing the highlighted HTML.
  local names = {}
  local text = cb.text:gsub(USE_PATTERN, function(name)
    table.insert(names, name)
    return string.format('LABYRINTHUSE%04dX', #names)
  end)
  if #names ~= #uses then
    error(string.format(
      'book.lua: chunk code has %d uses ⟨...⟩ but uses="%s" lists %d labels:\n%s',
      #names, cb.attributes['uses'] or '', #uses, cb.text))
  end

  -- A unique identifier, otherwise every block would be "cb1" and the
  -- line anchors would collide.
  chunk_counter = chunk_counter + 1
  local ident = cb.identifier
  if ident == '' then ident = string.format('chunkcode-%d', chunk_counter) end
  local html = highlighted_html(text, ident, classes)

  local replaced = 0
  html = html:gsub('LABYRINTHUSE(%d%d%d%d)X', function(num)
    local k = tonumber(num)
    replaced = replaced + 1
    return string.format('<a class="chunkref" href="#%s">⟨%s⟩</a>',
                         html_escape(uses[k]), html_escape(names[k]))
  end)
  if replaced ~= #names then
    error(string.format('book.lua: highlighter lost chunk uses (%d of %d found):\n%s',
                        replaced, #names, cb.text))
  end
  return pandoc.RawBlock('html', html)
end

---------------------------------------------------------------------------
-- Pass 1: code blocks and appendix marker
---------------------------------------------------------------------------

local appendix_done = false

-- HTML: pandoc -N would number appendix chapters 3, 4, ... while the chunk
-- numbers (from nw2md) say A.1.  pandoc 2.17 keeps an explicit "number"
-- attribute on a header, so we letter the appendix chapters ourselves and
-- number their sections A.1, A.1.1, ...  (LaTeX does this via \appendix.)
local appendix_letter = 0
local appendix_counters = {}

local function number_appendix_header(h)
  if h.classes:includes('unnumbered') then return nil end
  if h.level == 1 then
    -- As with LaTeX's \appendix, every chapter after the first one of
    -- class "appendix" is an appendix too.
    if appendix_letter == 0 and not h.classes:includes('appendix') then
      return nil
    end
    appendix_letter = appendix_letter + 1
    appendix_counters = {}
  elseif appendix_letter == 0 then
    return nil
  else
    appendix_counters[h.level] = (appendix_counters[h.level] or 0) + 1
    for l = h.level + 1, 10 do appendix_counters[l] = nil end
  end
  local parts = {string.char(64 + appendix_letter)}
  for l = 2, h.level do table.insert(parts, tostring(appendix_counters[l] or 0)) end
  h.attributes['number'] = table.concat(parts, '.')
  return h
end

-- Stable, meaningful section ids: a section's id is its chapter's id and its
-- title, "ch-zones-watermarks", not pandoc's "watermarks-2", which changes
-- whenever an earlier chapter gains a section of the same name.
local chapter_id = nil
local ids_given = {}

local function slug(text)
  return (text:lower():gsub('[^%w]+', '-'):gsub('^%-+', ''):gsub('%-+$', ''))
end

local function name_section(h)
  if h.level == 1 then
    chapter_id = h.identifier ~= '' and h.identifier or slug(stringify(h.content))
    return
  end
  if chapter_id == nil then return end
  local id = chapter_id .. '-' .. slug(stringify(h.content))
  local n = ids_given[id]
  ids_given[id] = (n or 0) + 1
  if n then id = id .. '-' .. (n + 1) end
  h.identifier = id
end

-- Print edition: "Defines page (used in 1.11, 1.14, ... 138 numbers)" is
-- folded after the first USES_SHOWN uses to "and 130 more"; the HTML keeps
-- every link.
local USES_SHOWN = 8

local function fold_uses(span)
  local out, shown, hidden, skipping = {}, 0, 0, false
  for _, inline in ipairs(span.content) do
    if inline.t == 'Link' and inline.content[1] and inline.content[1].t == 'Str'
       and inline.content[1].text:match('^[%dA-Z]+%.%d+$') then
      shown = shown + 1
      skipping = shown > USES_SHOWN
      if skipping then hidden = hidden + 1 end
      if not skipping then table.insert(out, inline) end
    elseif skipping and (inline.t == 'Space'
                         or (inline.t == 'Str' and inline.text == ',')) then
      -- the separator after a folded use
    else
      if inline.t == 'Str' and inline.text:match('^%)') and hidden > 0 then
        while out[#out] and (out[#out].t == 'Space'
                             or (out[#out].t == 'Str' and out[#out].text == ',')) do
          table.remove(out)
        end
        table.insert(out, pandoc.Str(','))
        table.insert(out, pandoc.Space())
        table.insert(out, pandoc.Str('and ' .. hidden .. ' more'))
      end
      if inline.t == 'Str' and inline.text:match('%)') then
        shown, hidden, skipping = 0, 0, false
      end
      table.insert(out, inline)
    end
  end
  span.content = out
  return span
end

-- Print edition: a path or a long name in running text may end a line after
-- a slash, as it could after a hyphen (LaTeX breaks neither "mm/page_alloc.c"
-- nor `include/linux/sched/mm.h` by itself, and A4's narrower text block
-- left such lines in the margin).  Underscores break through \_ in
-- tools/latex-header.tex.  Headers keep their text as it is (the PDF outline).

local function latex_breakable(text)
  return (text:gsub('[\\{}$&#^_%%~/]', function(c)
    if c == '/' then return '/\\allowbreak{}' end
    return LATEX_SPECIAL[c]
  end))
end

local breakable_paths = {
  Str = function(s)
    if s.text:find('/', 1, true) and #s.text > 8 and not s.text:find('://', 1, true) then
      return pandoc.RawInline('latex', latex_breakable(s.text))
    end
  end,
  Code = function(c)
    if c.text:find('/', 1, true) and #c.text > 8 then
      return pandoc.RawInline('latex', '\\texttt{' .. latex_breakable(c.text) .. '}')
    end
  end,
}

local pass1 = {
  CodeBlock = function(cb)
    if cb.classes:includes('run') then
      return run_block(cb)
    elseif cb.classes:includes('dotrun') then
      return dotrun_block(cb)
    elseif cb.classes:includes('plotrun') then
      return plotrun_block(cb)
    elseif cb.classes:includes('lab') then
      return lab_block(cb)
    elseif cb.classes:includes('chunkcode') then
      return chunk_block(cb)
    end
  end,

  Header = function(h)
    if h.level == 1 then machines_shown = {} end
    name_section(h)
    local part = h.attributes['part']
    if h.level == 1 and part then
      h.attributes['part'] = nil
      local number, title = part:match('^(%w+): (.+)$')
      if not number then error('part="' .. part .. '" is not "NUMBER: Title"') end
      local opening
      if is_latex then
        opening = pandoc.RawBlock('latex', '\\part{' .. title .. '}')
      else
        opening = pandoc.RawBlock('html', '<div class="part-title"><span>Part ' .. html_escape(number)
          .. '</span> ' .. html_escape(title) .. '</div>')
      end
      if is_html then h = number_appendix_header(h) or h end
      return {opening, h}
    end
    if is_latex and not appendix_done and h.level == 1
       and h.classes:includes('appendix') then
      appendix_done = true
      return {pandoc.RawBlock('latex', '\\bookmarksetup{startatroot}\\appendix'), h}
    end
    -- An unnumbered chapter (the preface, the indexes) sets no running head
    -- of its own in LaTeX's book class, so its pages would carry the one
    -- before it ("CONTENTS", "APPENDIX B. SOLUTIONS"); it names itself.
    if is_latex and h.level == 1 and h.classes:includes('unnumbered') then
      local title = stringify(h.content):gsub('[%%#&_{}$\\^~]', '')
      return {h, pandoc.RawBlock('latex', '\\markboth{\\MakeUppercase{' .. title
        .. '}}{\\MakeUppercase{' .. title .. '}}')}
    end
    if is_html then return number_appendix_header(h) or h end
    return h
  end,
}

---------------------------------------------------------------------------
-- Pass 2: number figures (document order)
---------------------------------------------------------------------------

local figure_number = {}   -- identifier -> number
local figure_count = 0

local function implicit_figure(para)
  if #para.content == 1 and para.content[1].t == 'Image' then
    local img = para.content[1]
    if img.title:sub(1, 4) == 'fig:' then return img end
  end
  return nil
end

-- Chapter numbers, for the references "chapter [-@ch-storm]" (pandoc's
-- citation syntax, which this book uses for chapters): the numbered
-- chapters in document order, as LaTeX and the HTML number them.
local chapter_number = {}
local chapters_counted, appendices_begun = 0, false

local pass2 = {
  Header = function(h)
    if h.level ~= 1 or h.classes:includes('unnumbered') then return nil end
    if h.classes:includes('appendix') then appendices_begun = true end
    if appendices_begun then return nil end
    chapters_counted = chapters_counted + 1
    if h.identifier ~= '' then chapter_number[h.identifier] = chapters_counted end
  end,

  Para = function(para)
    local img = implicit_figure(para)
    if img == nil then return nil end
    figure_count = figure_count + 1
    if img.identifier ~= '' then
      if figure_number[img.identifier] then
        error('book.lua: duplicate figure identifier #' .. img.identifier)
      end
      figure_number[img.identifier] = figure_count
    end
    if is_html then
      local prefix = {pandoc.Str('Figure'), pandoc.Space(),
                      pandoc.Str(figure_count .. ':')}
      if #img.caption > 0 then table.insert(prefix, pandoc.Space()) end
      for _, x in ipairs(img.caption) do table.insert(prefix, x) end
      img.caption = prefix
      return pandoc.Para({img})
    end
  end,
}

---------------------------------------------------------------------------
-- Pass 3: figure references
---------------------------------------------------------------------------

local pass3 = {
  Cite = function(cite)
    local out = {}
    for i, citation in ipairs(cite.citations) do
      local n = chapter_number[citation.id]
      if n == nil then
        error('book.lua: reference to unknown chapter @' .. citation.id)
      end
      if i > 1 then table.insert(out, pandoc.Str(',')); table.insert(out, pandoc.Space()) end
      table.insert(out, pandoc.Link({pandoc.Str(tostring(n))}, '#' .. citation.id))
    end
    return out
  end,

  Link = function(link)
    local target = link.target:match('^#(fig:.*)$')
    if target == nil then return nil end
    local text = stringify(link.content)
    if text ~= '' and text ~= 'Figure' then return nil end
    if is_latex then
      return pandoc.RawInline('latex', 'Figure~\\ref{' .. target .. '}')
    end
    local n = figure_number[target]
    if n == nil then
      error('book.lua: link to unknown figure #' .. target)
    end
    link.content = {pandoc.Str('Figure'), pandoc.Str('\u{a0}'), pandoc.Str(tostring(n))}
    return link
  end,
}

-- Print edition: a chunk is named by the page it starts on, as noweb and
-- Hanson name it: "87b" is the second chunk to start on page 87.  The
-- header's number becomes \chunkdef{ID} (which records the page through
-- \label, so LaTeX reruns until the pages settle), and every link to a
-- chunk that shows its number, in "Used in", in use-lists and in both
-- indexes, shows \chunklabel{ID} instead (tools/latex-header.tex).  The
-- HTML and the e-book keep the numbers (5.9), which need no pages.
local CHUNK_NUMBER = '^[%dA-Z]+%.%d+$'

local function label_chunk_links(link)
  local id = link.target:match('^#(NW.+)$')
  local last = link.content[#link.content]
  if id and last and last.t == 'Str' and last.text:match(CHUNK_NUMBER) then
    link.content[#link.content] = pandoc.RawInline('latex', '\\chunklabel{' .. label_key(id) .. '}')
    return link
  end
end

local pass4 = {
  Div = function(div)
    if not is_latex or not div.identifier:match('^NW') then return nil end
    local id = div.identifier
    return pandoc.walk_block(div, {
      Span = function(span)
        if span.classes:includes('chunknum') then
          return pandoc.RawInline('latex', '\\chunkdef{' .. label_key(id) .. '}')
        end
      end,
    })
  end,
  Link = function(link)
    if is_latex then return label_chunk_links(link) end
  end,
}

-- Every function of a pass is called, and its element handed to Lua and back,
-- for each element of its kind in the whole book: the functions that only the
-- print edition needs are in its passes only.
if is_latex then
  pass1.Para = function(p) return pandoc.walk_block(p, breakable_paths) end
  pass1.Plain = function(p) return pandoc.walk_block(p, breakable_paths) end
  pass1.Span = function(span)
    if span.classes:includes('chunkdefs') then return fold_uses(span) end
  end
  return {pass1, pass2, pass3, pass4}
end
return {pass1, pass2, pass3}
