// Small behaviours on server-rendered pages; every page works without them.
"use strict";
(function () {
  // Phones: the navigation folds behind a button (without script it stays open).
  document.documentElement.classList.add("js");
  const menu = document.getElementById("menu-button"), nav = document.getElementById("nav");
  if (menu && nav) {
    menu.addEventListener("click", () => {
      const open = nav.classList.toggle("open");
      menu.setAttribute("aria-expanded", String(open));
    });
  }
  // Reader: clicking a fact lights up its sentence in the article and scrolls to it.
  function showSentence(li) {
    const start = Number(li.dataset.start), end = Number(li.dataset.end);
    document.querySelectorAll("#text .hl").forEach((el) => el.classList.remove("hl"));
    document.querySelectorAll(".fact.active").forEach((el) => el.classList.remove("active"));
    li.classList.add("active");
    let first = null;
    document.querySelectorAll("#text [data-o]").forEach((el) => {
      const o = Number(el.dataset.o), e = Number(el.dataset.e);
      if (o < end && e > start) { el.classList.add("hl"); first = first || el; }
    });
    if (first) first.scrollIntoView({ block: "center", behavior: "smooth" });
  }
  document.querySelectorAll(".fact .show-sentence").forEach((a) => {
    a.addEventListener("click", (ev) => { ev.preventDefault(); showSentence(a.closest(".fact")); });
  });
  // A link to a fact (/documents/ID#fact-key, as the ACH matrix gives) opens on its sentence.
  if (location.hash.length > 1) {
    const target = document.getElementById(decodeURIComponent(location.hash.slice(1)));
    if (target && target.classList.contains("fact")) showSentence(target);
  }
})();
