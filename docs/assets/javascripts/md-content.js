/* Material for MkDocs 9.8.1, partials/javascripts/content.html (MIT, Martin Donath), moved to a file so
 * the site runs under script-src 'self': opens a content tab named in the address. */
var target=document.getElementById(location.hash.slice(1));target&&target.name&&(target.checked=target.name.startsWith("__tabbed_"));
