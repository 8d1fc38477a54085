// The search page, with JavaScript (without it, every part still works one page at a time):
// - the filters send no empty parameters (no "lat=&lng=&hours_min=" in the address);
// - the programs ticked to compare are kept in the address (p=…, never a cookie), so they survive paging, new
//   filters and a visit to a facility; the compare button counts them, and a fifth tick is refused with a message.
// Its words come from the page (data-* attributes), in the page's language.
document.addEventListener("DOMContentLoaded", function () {
  var MAX = 4;
  var filters = document.getElementById("filters");
  var compare = document.getElementById("compare-form");
  var ticked = new URLSearchParams(window.location.search).getAll("p");

  function withTicks(url) {
    var target = new URL(url, window.location.href);
    target.searchParams.delete("p");
    ticked.forEach(function (id) { target.searchParams.append("p", id); });
    return target.pathname + target.search + target.hash;
  }

  function cleanQuery(form) {
    var query = new URLSearchParams();
    new FormData(form).forEach(function (value, name) { if (value !== "") query.append(name, value); });
    return query;
  }

  if (filters) {
    // A folded list says how many of its choices are ticked, as they are ticked ("{n} chosen", one or many).
    var chosenOne = filters.dataset.chosenOne, chosenMany = filters.dataset.chosenMany;
    filters.querySelectorAll("details.filter-group").forEach(function (group) {
      var summary = group.querySelector("summary");
      var label = summary.firstChild.textContent.trim();
      group.addEventListener("change", function () {
        var count = group.querySelectorAll("input[type=checkbox]:checked").length;
        summary.innerHTML = "";
        summary.appendChild(document.createTextNode(label));
        if (count) {
          var chosen = document.createElement("span");
          chosen.className = "chosen";
          chosen.textContent = " · " + (count === 1 ? chosenOne : chosenMany).replace("{n}", count);
          summary.appendChild(chosen);
        }
      });
    });
    filters.addEventListener("submit", function (event) {
      event.preventDefault();
      var query = cleanQuery(filters);
      ticked.forEach(function (id) { query.append("p", id); });
      window.location.href = filters.action + (query.toString() ? "?" + query : "");
    });
  }

  if (!compare) return;
  var button = compare.querySelector("button[type=submit]");
  var status = compare.querySelector("[data-compare-status]");
  var label = button.textContent;

  function refresh() {
    button.textContent = label + (ticked.length ? " (" + ticked.length + ")" : "");
    compare.classList.toggle("has-ticks", ticked.length > 0);
    var here = withTicks(window.location.href);
    window.history.replaceState(null, "", here);
    var search = new URL(here, window.location.href).search.slice(1);
    // Pages and links back to this search carry the ticks; a facility's page links back to the search with them.
    document.querySelectorAll(".pagination a").forEach(function (link) {
      link.setAttribute("href", withTicks(link.getAttribute("href")));
    });
    document.querySelectorAll("a[data-search-link]").forEach(function (link) {
      var target = new URL(link.getAttribute("href"), window.location.href);
      target.searchParams.set("search", search);
      link.setAttribute("href", target.pathname + target.search);
    });
    var back = compare.querySelector("input[name=search]");
    if (back) back.value = search;
  }

  document.querySelectorAll("input[name=p][form=compare-form]").forEach(function (box) {
    box.checked = ticked.indexOf(box.value) !== -1;
    box.addEventListener("change", function () {
      var at = ticked.indexOf(box.value);
      if (box.checked && at === -1) {
        if (ticked.length >= MAX) {
          box.checked = false;
          status.textContent = status.dataset.tooMany;
          return;
        }
        ticked.push(box.value);
      } else if (!box.checked && at !== -1) {
        ticked.splice(at, 1);
      }
      status.textContent = "";
      refresh();
    });
  });

  compare.addEventListener("submit", function (event) {
    event.preventDefault();
    var query = cleanQuery(compare);
    query.delete("p");
    ticked.forEach(function (id) { query.append("p", id); });
    window.location.href = compare.action + "?" + query;
  });
  refresh();
});
