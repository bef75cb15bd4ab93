/* Word documents (.docx) made in the browser, with no server and no library: a small ZIP writer
   (stored entries with CRC-32, which Word and LibreOffice open like any other) and WordprocessingML
   for headings, paragraphs, bullet lists, tables and page breaks. Texts are escaped as XML; nothing
   a reader typed can become markup.

   window.LEDocx:
     build(doc) -> Uint8Array (the .docx bytes)
     blob(doc) -> Blob
     download(filename, doc)   (through a Blob link, like LEWorkspace.download; works from file://)
   doc = { title: "", language: "en-GB", author: "", landscape: false, blocks: [ block, ... ] }
   block = { type: "heading", level: 1|2|3, text }
         | { type: "paragraph", text, bold?, italic?, small? }     (text may hold line breaks)
         | { type: "paragraph", runs: [{ text, bold?, italic? }, ...], small? }
         | { type: "list", items: [text, ...] }
         | { type: "table", header: [text, ...], rows: [[text, ...], ...], widths?: [percent, ...] }
         | { type: "pagebreak" } */
(function () {
  "use strict";

  var MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

  // ---------------------------------------------------------------------------- ZIP (stored)

  var CRC_TABLE = (function () {
    var table = [];
    for (var n = 0; n < 256; n++) {
      var c = n;
      for (var k = 0; k < 8; k++) c = c & 1 ? 0xEDB88320 ^ (c >>> 1) : c >>> 1;
      table[n] = c >>> 0;
    }
    return table;
  })();

  function crc32(bytes) {
    var c = 0xFFFFFFFF;
    for (var i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]) & 0xFF] ^ (c >>> 8);
    return (c ^ 0xFFFFFFFF) >>> 0;
  }

  function utf8(text) {
    if (window.TextEncoder) return new TextEncoder().encode(text);
    var s = unescape(encodeURIComponent(text)), out = new Uint8Array(s.length);
    for (var i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
    return out;
  }

  function zip(files) {   // files: [{name, data: Uint8Array}]
    var parts = [], central = [], offset = 0;
    function u16(v) { return [v & 0xFF, (v >>> 8) & 0xFF]; }
    function u32(v) { return [v & 0xFF, (v >>> 8) & 0xFF, (v >>> 16) & 0xFF, (v >>> 24) & 0xFF]; }
    var DOS_TIME = 0, DOS_DATE = (1 << 5) | 1;   // 1980-01-01: the same input gives the same bytes
    for (var i = 0; i < files.length; i++) {
      var name = utf8(files[i].name), data = files[i].data, crc = crc32(data);
      var common = [].concat(u16(20), u16(0x0800), u16(0), u16(DOS_TIME), u16(DOS_DATE), u32(crc), u32(data.length), u32(data.length), u16(name.length), u16(0));
      var local = new Uint8Array([0x50, 0x4B, 0x03, 0x04].concat(common));
      parts.push(local, name, data);
      central.push(new Uint8Array([0x50, 0x4B, 0x01, 0x02].concat(u16(20), common, u16(0), u16(0), u16(0), u32(0), u32(offset))), name);
      offset += local.length + name.length + data.length;
    }
    var size = 0;
    for (var j = 0; j < central.length; j++) size += central[j].length;
    var end = new Uint8Array([0x50, 0x4B, 0x05, 0x06].concat(u16(0), u16(0), u16(files.length), u16(files.length), u32(size), u32(offset), u16(0)));
    var all = parts.concat(central, [end]), total = 0;
    for (var a = 0; a < all.length; a++) total += all[a].length;
    var out = new Uint8Array(total), at = 0;
    for (var b = 0; b < all.length; b++) { out.set(all[b], at); at += all[b].length; }
    return out;
  }

  // ---------------------------------------------------------------------------- WordprocessingML

  function esc(text) {
    return String(text === undefined || text === null ? "" : text)
      .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\uD800-\uDBFF\uDC00-\uDFFF]/g, "")   // characters XML 1.0 forbids
      .replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
  }

  function run(r, small) {
    var props = (r.bold ? "<w:b/>" : "") + (r.italic ? "<w:i/>" : "") + (small ? '<w:sz w:val="18"/>' : "");
    var lines = String(r.text === undefined || r.text === null ? "" : r.text).replace(/\r\n?/g, "\n").split("\n");
    var body = lines.map(function (line) { return '<w:t xml:space="preserve">' + esc(line.replace(/\t/g, " ")) + "</w:t>"; }).join("<w:br/>");
    return "<w:r>" + (props ? "<w:rPr>" + props + "</w:rPr>" : "") + body + "</w:r>";
  }

  function paragraph(runs, style, small, extra) {
    var ppr = (style ? '<w:pStyle w:val="' + style + '"/>' : "") + (extra || "");
    return "<w:p>" + (ppr ? "<w:pPr>" + ppr + "</w:pPr>" : "") + runs.map(function (r) { return run(r, small); }).join("") + "</w:p>";
  }

  function table(block, width) {
    var header = block.header || [], rows = block.rows || [];
    var cols = Math.max(header.length, rows.length ? rows[0].length : 0, 1);
    var widths = [];
    for (var c = 0; c < cols; c++) {
      var pct = block.widths && block.widths[c] ? block.widths[c] : 100 / cols;
      widths.push(Math.round(width * pct / 100));
    }
    var border = '<w:top w:val="single" w:sz="4" w:space="0" w:color="808080"/><w:left w:val="single" w:sz="4" w:space="0" w:color="808080"/>' +
                 '<w:bottom w:val="single" w:sz="4" w:space="0" w:color="808080"/><w:right w:val="single" w:sz="4" w:space="0" w:color="808080"/>' +
                 '<w:insideH w:val="single" w:sz="4" w:space="0" w:color="808080"/><w:insideV w:val="single" w:sz="4" w:space="0" w:color="808080"/>';
    var xml = '<w:tbl><w:tblPr><w:tblW w:w="' + width + '" w:type="dxa"/><w:tblBorders>' + border + '</w:tblBorders>' +
              '<w:tblLayout w:type="fixed"/><w:tblCellMar><w:left w:w="80" w:type="dxa"/><w:right w:w="80" w:type="dxa"/></w:tblCellMar>' +
              '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" w:noHBand="0" w:noVBand="1"/></w:tblPr><w:tblGrid>';
    for (var g = 0; g < cols; g++) xml += '<w:gridCol w:w="' + widths[g] + '"/>';
    xml += "</w:tblGrid>";
    function row(cells, isHeader) {
      var out = "<w:tr>" + (isHeader ? "<w:trPr><w:tblHeader/><w:cantSplit/></w:trPr>" : "<w:trPr><w:cantSplit/></w:trPr>");
      for (var i = 0; i < cols; i++) {
        out += '<w:tc><w:tcPr><w:tcW w:w="' + widths[i] + '" w:type="dxa"/>' + (isHeader ? '<w:shd w:val="clear" w:color="auto" w:fill="E7E6E6"/>' : "") + "</w:tcPr>" +
               paragraph([{ text: cells[i], bold: isHeader }], "TableText") + "</w:tc>";
      }
      return out + "</w:tr>";
    }
    if (header.length) xml += row(header, true);
    for (var r = 0; r < rows.length; r++) xml += row(rows[r], false);
    return xml + "</w:tbl>" + paragraph([], null, false);
  }

  function body(doc) {
    var landscape = !!doc.landscape;
    var pageW = landscape ? 16838 : 11906, pageH = landscape ? 11906 : 16838, margin = 1134;  // A4, 2 cm margins
    var width = pageW - 2 * margin, xml = "";
    (doc.blocks || []).forEach(function (b) {
      if (!b) return;
      if (b.type === "heading") {
        var level = Math.min(Math.max(parseInt(b.level, 10) || 1, 1), 3);
        xml += paragraph([{ text: b.text }], "Heading" + level);
      } else if (b.type === "paragraph") {
        xml += paragraph(b.runs || [{ text: b.text, bold: b.bold, italic: b.italic }], null, b.small);
      } else if (b.type === "list") {
        (b.items || []).forEach(function (item) {
          xml += paragraph([{ text: item }], "ListParagraph", false, '<w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr>');
        });
      } else if (b.type === "table") {
        xml += table(b, width);
      } else if (b.type === "pagebreak") {
        xml += '<w:p><w:r><w:br w:type="page"/></w:r></w:p>';
      }
    });
    var sect = '<w:sectPr><w:pgSz w:w="' + pageW + '" w:h="' + pageH + '"' + (landscape ? ' w:orient="landscape"' : "") + "/>" +
               '<w:pgMar w:top="' + margin + '" w:right="' + margin + '" w:bottom="' + margin + '" w:left="' + margin + '" w:header="567" w:footer="567" w:gutter="0"/></w:sectPr>';
    return '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
      '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">' +
      "<w:body>" + xml + sect + "</w:body></w:document>";
  }

  function styles(language) {
    var lang = esc(language || "en-GB");
    function heading(n, size) {
      return '<w:style w:type="paragraph" w:styleId="Heading' + n + '"><w:name w:val="heading ' + n + '"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:uiPriority w:val="9"/><w:qFormat/>' +
             '<w:pPr><w:keepNext/><w:keepLines/><w:spacing w:before="' + (n === 1 ? 240 : 200) + '" w:after="80"/><w:outlineLvl w:val="' + (n - 1) + '"/></w:pPr>' +
             '<w:rPr><w:b/><w:sz w:val="' + size + '"/></w:rPr></w:style>';
    }
    return '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
      '<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">' +
      '<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Arial" w:hAnsi="Arial" w:eastAsia="Arial" w:cs="Arial"/><w:sz w:val="21"/><w:lang w:val="' + lang + '"/></w:rPr></w:rPrDefault>' +
      '<w:pPrDefault><w:pPr><w:spacing w:after="100" w:line="264" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults>' +
      '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>' +
      heading(1, 32) + heading(2, 26) + heading(3, 22) +
      '<w:style w:type="paragraph" w:styleId="ListParagraph"><w:name w:val="List Paragraph"/><w:basedOn w:val="Normal"/><w:pPr><w:ind w:left="720"/><w:spacing w:after="40"/></w:pPr></w:style>' +
      '<w:style w:type="paragraph" w:styleId="TableText"><w:name w:val="Table Text"/><w:basedOn w:val="Normal"/><w:pPr><w:spacing w:before="20" w:after="20"/></w:pPr><w:rPr><w:sz w:val="19"/></w:rPr></w:style>' +
      "</w:styles>";
  }

  var NUMBERING = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
    '<w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">' +
    '<w:abstractNum w:abstractNumId="0"><w:multiLevelType w:val="singleLevel"/><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="bullet"/>' +
    '<w:lvlText w:val="\u2022"/><w:lvlJc w:val="left"/><w:pPr><w:ind w:left="720" w:hanging="360"/></w:pPr></w:lvl></w:abstractNum>' +
    '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>';

  function build(doc) {
    doc = doc || {};
    var now = new Date().toISOString().replace(/\.\d+Z$/, "Z");
    var files = {
      "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
        '<Default Extension="xml" ContentType="application/xml"/>' +
        '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>' +
        '<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>' +
        '<Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/>' +
        '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/></Types>',
      "_rels/.rels": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>' +
        '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/></Relationships>',
      "word/_rels/document.xml.rels": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>' +
        '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/></Relationships>',
      "docProps/core.xml": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" ' +
        'xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' +
        "<dc:title>" + esc(doc.title) + "</dc:title><dc:creator>" + esc(doc.author) + "</dc:creator><dc:language>" + esc(doc.language || "en-GB") + "</dc:language>" +
        '<dcterms:created xsi:type="dcterms:W3CDTF">' + now + "</dcterms:created></cp:coreProperties>",
      "word/document.xml": body(doc),
      "word/styles.xml": styles(doc.language),
      "word/numbering.xml": NUMBERING
    };
    var order = ["[Content_Types].xml", "_rels/.rels", "word/_rels/document.xml.rels", "docProps/core.xml", "word/document.xml", "word/styles.xml", "word/numbering.xml"];
    return zip(order.map(function (name) { return { name: name, data: utf8(files[name]) }; }));
  }

  function blob(doc) { return new Blob([build(doc)], { type: MIME }); }

  /* Saving a file is the workspace's (workspace.js loads first): one way to hand a file to the reader. */
  function download(filename, doc) {
    window.LEWorkspace.download(filename, blob(doc));
  }

  window.LEDocx = { build: build, blob: blob, download: download, mimeType: MIME, crc32: crc32 };
})();
