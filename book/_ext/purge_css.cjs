// Drops from each stylesheet the rules that no page of the built site can use (npm
// `purgecss`): node purge_css.cjs SITE_DIR FILE.css... rewrites each FILE.css in place.
// The words a rule needs are looked for in every built HTML page and every script under
// _static (classes that a script adds at run time are written out in it).
const fs = require("fs");
const path = require("path");
const { PurgeCSS } = require("purgecss");

const [site, ...files] = process.argv.slice(2);
const glob = (pattern) => path.join(site, pattern).split(path.sep).join("/");

new PurgeCSS()
  .purge({
    content: [glob("**/*.html"), glob("_static/**/*.js")],
    css: files,
    // Custom properties, @keyframes and @font-face that no kept rule uses go too.
    variables: true,
    keyframes: true,
    fontFace: true,
    // Their values (light, dark) are set on <html> by the theme's scripts, not written in a
    // page: every [data-theme=...] and [data-mode=...] rule stays.
    dynamicAttributes: ["data-theme", "data-mode"],
    safelist: {
      standard: [
        // A selector made of a pseudo-class alone names nothing to look for, and purgecss
        // drops it: the theme's focus ring (`:focus-visible { outline: ... }`).
        ":focus-visible",
        // Bootstrap builds this class as `bs-${NAME}-auto` when it shows a tooltip (the
        // header buttons'), so no page or script spells it out.
        "bs-tooltip-auto",
      ],
    },
  })
  .then((results) => {
    for (const result of results) fs.writeFileSync(result.file, result.css);
  })
  .catch((error) => {
    console.error(error);
    process.exit(1);
  });
