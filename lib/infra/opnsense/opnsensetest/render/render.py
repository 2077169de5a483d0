#!/usr/bin/python3
"""Render an OPNsense template from a config tree, as configd does.

usage: render.py TEMPLATE CONFIG.json > OUT

CONFIG.json is the config as OPNsense's templates see it: the root's
sections (dnsmasq, interfaces, system), each list a list of items with
their "@uuid". The helpers are Harmony's own, written from what
OPNsense's template helpers do.
"""
import json
import os
import sys

import jinja2


class Helpers:
    def __init__(self, data):
        self._data = data
        self._uuids = {}
        self._index(data)

    def _index(self, node):
        if isinstance(node, dict):
            if '@uuid' in node:
                self._uuids[node['@uuid']] = node
            for v in node.values():
                self._index(v)
        elif isinstance(node, list):
            for v in node:
                self._index(v)

    def getNodeByTag(self, tag):
        node = self._data
        for part in tag.split('.'):
            if isinstance(node, dict) and part in node:
                node = node[part]
            else:
                return None
        return node

    def exists(self, tag):
        return self.getNodeByTag(tag) is not None

    def empty(self, tag):
        return self.getNodeByTag(tag) in (None, '', {}, [])

    def toList(self, tag, sortBy=None, sortAs=None):
        node = self.getNodeByTag(tag)
        if node is None:
            return []
        items = node if isinstance(node, list) else [node]
        if sortBy is None:
            return items
        if sortAs == 'int':
            return sorted(items, key=lambda d: int(d[sortBy]))
        return sorted(items, key=lambda d: d[sortBy])

    def getUUID(self, uuid):
        return self._uuids.get(uuid, {})

    def physical_interface(self, name):
        return self.getNodeByTag('interfaces.' + name + '.if') or name

    def physical_interfaces(self, names):
        devices = [self.getNodeByTag('interfaces.' + n + '.if') for n in names]
        return [d for d in devices if d]


def main():
    template, config = sys.argv[1], sys.argv[2]
    with open(config) as f:
        data = json.load(f)
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(os.path.dirname(os.path.abspath(template))),
                             trim_blocks=True, extensions=['jinja2.ext.do', 'jinja2.ext.loopcontrols'])
    data['helpers'] = Helpers(data)
    sys.stdout.write(env.get_template(os.path.basename(template)).render(data))


if __name__ == '__main__':
    main()
