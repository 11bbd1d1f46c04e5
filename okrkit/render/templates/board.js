(function(){
  var body=document.body;
  function bind(id,cls){var el=document.getElementById(id);if(!el)return;
    var apply=function(){body.classList.toggle(cls,el.checked);};el.addEventListener('change',apply);apply();}
  bind('show-tips','show-tips');bind('only-flagged','only-flagged');
  var pick=document.getElementById('team-filter');
  if(pick){pick.addEventListener('change',function(){
    var cards=document.querySelectorAll('.team');
    for(var i=0;i<cards.length;i++){cards[i].classList.toggle('hidden',pick.value!==''&&cards[i].getAttribute('data-team')!==pick.value);}
  });}
})();
