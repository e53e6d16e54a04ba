"""Page reading every adapter shares, one job a module, each using the ones above it in this list:

- `words`: the words partnership pages use (dates, quotes, file types, document and review names, pseudonyms);
- `documents`: which links are documents, and what kind of file each is;
- `blocks`: what a page is read into (headings, text and breaks; candidate reviews) and what a block holds;
- `markup`: what one tag says (its text as a reader sees it, its link, a file-type icon);
- `furniture`: what is not the page's own content (menus, sidebars, banners, "Related ..." sections);
- `cards`: files set out as cards or table rows, beside a "Download" link that names nothing;
- `flatten`: HTML to blocks;
- `grouping`: blocks to candidate reviews, by an ordered table of named rules;
- `fields`: a candidate review's summary, publication words, documents and URL.
"""
