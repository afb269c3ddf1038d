/* Material for MkDocs 9.8.1, partials/javascripts/base.html (MIT, Martin Donath), moved to a file so
 * the site runs under script-src 'self'. The scope is the site root, found from this file's address
 * (assets/javascripts/md-scope.js) instead of the page's base_url: the same URL. */
__md_scope=new URL("../../",document.currentScript.src),__md_hash=e=>[...e].reduce(((e,_)=>(e<<5)-e+_.charCodeAt(0)),0),__md_get=(e,_=localStorage,t=__md_scope)=>JSON.parse(_.getItem(t.pathname+"."+e)),__md_set=(e,_,t=localStorage,a=__md_scope)=>{try{t.setItem(a.pathname+"."+e,JSON.stringify(_))}catch(e){}};
