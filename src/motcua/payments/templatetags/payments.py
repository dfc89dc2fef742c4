from django import template

from motcua.text import vnd

register = template.Library()
register.filter("vnd", vnd)
