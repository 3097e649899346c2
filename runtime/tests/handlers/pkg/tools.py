"""A handler inside a package, addressed as pkg.tools.*"""


def process(payload):
    return {"from": "pkg.tools", "payload": payload}


class Tool(object):
    def run(self, payload):
        return {"from": "pkg.tools.Tool", "payload": payload}
