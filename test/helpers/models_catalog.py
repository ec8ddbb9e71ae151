#!/usr/bin/env python3
"""Reads a models.py written by pg-designer and prints what it declares, as JSON.

The file is parsed with ``ast`` and never imported, so neither SQLModel nor SQLAlchemy needs to be
installed. Imported names are resolved through the file's imports, so an alias such as
``from sqlalchemy import Text as Text_`` still reads as ``Text``.

Usage: python3 models_catalog.py path/to/models.py

Output: {"classes": [{"class", "tablename", "docstring", "columns": [...], "primary_key",
"foreign_keys", "unique_constraints", "check_constraints", "table_kwargs", "relationships"}]}
for every class declared with ``table=True``; each column has its name, annotation, python_type
(without Optional), optional, nullable (as SQLModel decides it), primary_key, foreign_keys
("table.column" targets, from Field(foreign_key=...) and from ForeignKeyConstraint), sa_type and
sa_type_name, server_default, identity, computed, default and description.
"""

import ast
import copy
import json
import re
import sys

# SQLAlchemy's own patterns (sqlalchemy/sql/compiler.py): text(), CheckConstraint and Computed
# take ":name" for a bind parameter and turn "\:name" into ":name".
BIND_PARAMS = re.compile(r"(?<![:\w\$\x5c]):([\w\$]+)(?![:\w\$])", re.UNICODE)
BIND_PARAMS_ESC = re.compile(r"\x5c(:[\w\$]*)(?![:\w\$])", re.UNICODE)


def main(argv):
    if len(argv) != 2:
        sys.stderr.write("usage: models_catalog.py MODELS_PY\n")
        return 2
    with open(argv[1], "rb") as source:
        # Bytes, so an encoding declaration in the first lines is honoured as Python would.
        tree = ast.parse(source.read(), filename=argv[1])
    aliases = import_aliases(tree)
    classes = [
        table_class(node, aliases)
        for node in tree.body
        if isinstance(node, ast.ClassDef) and is_table(node)
    ]
    json.dump({"classes": classes}, sys.stdout, indent=2)
    sys.stdout.write("\n")
    return 0


def import_aliases(tree):
    """Local name -> the name it was imported as."""
    names = {}
    for node in tree.body:
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            for alias in node.names:
                names[alias.asname or alias.name] = alias.name
    return names


class _Canonical(ast.NodeTransformer):
    def __init__(self, aliases):
        self.aliases = aliases

    def visit_Name(self, node):
        return ast.copy_location(ast.Name(id=self.aliases.get(node.id, node.id), ctx=node.ctx), node)


def canonical(node, aliases):
    """Source text of an expression with import aliases replaced by the imported names."""
    if node is None:
        return None
    return ast.unparse(_Canonical(aliases).visit(copy.deepcopy(node)))


def callee(node, aliases):
    """The imported name a call (or a bare name) refers to."""
    if isinstance(node, ast.Call):
        node = node.func
    if isinstance(node, ast.Name):
        return aliases.get(node.id, node.id)
    if isinstance(node, ast.Attribute):
        return node.attr
    return None


def literal(node):
    try:
        return ast.literal_eval(node)
    except (ValueError, TypeError, SyntaxError):
        return None


def keywords(call):
    return {keyword.arg: keyword.value for keyword in call.keywords if keyword.arg}


def is_table(node):
    return any(
        keyword.arg == "table" and literal(keyword.value) is True for keyword in node.keywords
    )


def unwrap_optional(annotation, aliases):
    """(inner annotation, is Optional)."""
    if isinstance(annotation, ast.Subscript) and callee(annotation.value, aliases) == "Optional":
        return annotation.slice, True
    return annotation, False


def sql_text(value, binds):
    """The SQL SQLAlchemy sends for a text() string; bind parameters it would expect go to binds."""
    if not isinstance(value, str):
        return value
    binds.extend(BIND_PARAMS.findall(value))
    return BIND_PARAMS_ESC.sub(lambda match: match.group(1), value)


def text_argument(node, aliases, binds):
    """The SQL of text("...") or a plain string."""
    if isinstance(node, ast.Call) and callee(node, aliases) == "text" and node.args:
        return sql_text(literal(node.args[0]), binds)
    return literal(node)


def identity_of(args, aliases):
    for arg in args:
        if isinstance(arg, ast.Call) and callee(arg, aliases) == "Identity":
            return "always" if literal(keywords(arg).get("always")) is True else "by default"
    return None


def computed_of(args, aliases, binds):
    for arg in args:
        if isinstance(arg, ast.Call) and callee(arg, aliases) == "Computed" and arg.args:
            return sql_text(literal(arg.args[0]), binds)
    return None


def column_of(name, annotation, field, aliases):
    inner, optional = unwrap_optional(annotation, aliases)
    options = keywords(field)
    column = {
        "name": name,
        "annotation": canonical(annotation, aliases),
        "python_type": canonical(inner, aliases),
        "optional": optional,
        "nullable": None,
        "primary_key": False,
        "foreign_keys": [],
        "ondelete": None,
        "unique": False,
        "sa_type": None,
        "sa_type_name": None,
        "server_default": None,
        "identity": None,
        "computed": None,
        "default": canonical(options.get("default"), aliases),
        "description": literal(options["description"]) if "description" in options else None,
        "bind_params": [],
    }
    binds = column["bind_params"]
    sa_column = options.get("sa_column")
    if isinstance(sa_column, ast.Call):
        # Column(type, *args, **kwargs): SQLModel takes it as it is.
        column_options = keywords(sa_column)
        type_node = sa_column.args[0] if sa_column.args else None
        column.update(
            primary_key=literal(column_options.get("primary_key")) is True,
            nullable=(
                literal(column_options["nullable"])
                if "nullable" in column_options
                else not literal(column_options.get("primary_key"))
            ),
            unique=literal(column_options.get("unique")) is True,
            sa_type=canonical(type_node, aliases),
            sa_type_name=callee(type_node, aliases),
            server_default=text_argument(column_options.get("server_default"), aliases, binds),
            identity=identity_of(sa_column.args[1:], aliases),
            computed=computed_of(sa_column.args[1:], aliases, binds),
        )
        return column
    primary_key = literal(options.get("primary_key")) is True
    column_kwargs = options.get("sa_column_kwargs")
    server_default = None
    if isinstance(column_kwargs, ast.Dict):
        for key, value in zip(column_kwargs.keys, column_kwargs.values):
            if literal(key) == "server_default":
                server_default = text_argument(value, aliases, binds)
    column_args = options.get("sa_column_args")
    column_args = column_args.elts if isinstance(column_args, (ast.List, ast.Tuple)) else []
    foreign_key = literal(options.get("foreign_key")) if "foreign_key" in options else None
    column.update(
        primary_key=primary_key,
        # SQLModel: an explicit nullable wins; else a primary key is NOT NULL; else Optional decides.
        nullable=(
            literal(options["nullable"])
            if "nullable" in options
            else (False if primary_key else optional)
        ),
        foreign_keys=[foreign_key] if foreign_key else [],
        ondelete=literal(options.get("ondelete")) if "ondelete" in options else None,
        unique=literal(options.get("unique")) is True,
        sa_type=canonical(options.get("sa_type"), aliases),
        sa_type_name=callee(options.get("sa_type"), aliases),
        server_default=server_default,
        identity=identity_of(column_args, aliases),
        computed=None,
    )
    return column


def string_list(node):
    value = literal(node)
    return list(value) if isinstance(value, (list, tuple)) else []


def table_arguments(node, aliases):
    """Constraints and keyword options of __table_args__."""
    result = {
        "primary_key_constraint": None,
        "foreign_keys": [],
        "unique_constraints": [],
        "check_constraints": [],
        "table_kwargs": {},
    }
    items = node.elts if isinstance(node, ast.Tuple) else [node]
    for item in items:
        if isinstance(item, ast.Dict):
            result["table_kwargs"].update(literal(item) or {})
            continue
        if not isinstance(item, ast.Call):
            continue
        kind = callee(item, aliases)
        options = keywords(item)
        name = literal(options["name"]) if "name" in options else None
        if kind == "PrimaryKeyConstraint":
            result["primary_key_constraint"] = {
                "name": name,
                "columns": [literal(arg) for arg in item.args],
            }
        elif kind == "UniqueConstraint":
            result["unique_constraints"].append(
                {"name": name, "columns": [literal(arg) for arg in item.args]}
            )
        elif kind == "CheckConstraint":
            binds = []
            sqltext = sql_text(literal(item.args[0]), binds) if item.args else None
            result["check_constraints"].append(
                {"name": name, "sqltext": sqltext, "bind_params": binds}
            )
        elif kind == "ForeignKeyConstraint":
            columns = string_list(item.args[0]) if item.args else []
            targets = string_list(item.args[1]) if len(item.args) > 1 else []
            result["foreign_keys"].append(
                {
                    "name": name,
                    "columns": columns,
                    "ref_table": targets[0].rsplit(".", 1)[0] if targets else None,
                    "ref_columns": [target.rsplit(".", 1)[1] for target in targets],
                    "ondelete": literal(options["ondelete"]) if "ondelete" in options else None,
                }
            )
    return result


def relationship_of(name, annotation, call, aliases):
    options = keywords(call)
    many = isinstance(annotation, ast.Subscript) and callee(annotation.value, aliases) == "list"
    target = literal(annotation.slice) if isinstance(annotation, ast.Subscript) else None
    extra = options.get("sa_relationship_kwargs")
    return {
        "name": name,
        "annotation": canonical(annotation, aliases),
        "target": target,
        "many": many,
        "back_populates": literal(options.get("back_populates")),
        "link_model": canonical(options.get("link_model"), aliases),
        "cascade_delete": literal(options.get("cascade_delete")) is True,
        "passive_deletes": literal(options.get("passive_deletes")),
        "sa_relationship_kwargs": literal(extra) if extra is not None else {},
    }


def table_class(node, aliases):
    table = {
        "class": node.name,
        "tablename": None,
        "docstring": ast.get_docstring(node),
        "columns": [],
        "primary_key": [],
        "primary_key_name": None,
        "foreign_keys": [],
        "unique_constraints": [],
        "check_constraints": [],
        "table_kwargs": {},
        "relationships": [],
    }
    arguments = table_arguments(ast.Tuple(elts=[]), aliases)
    for statement in node.body:
        if isinstance(statement, ast.Assign) and len(statement.targets) == 1:
            target = statement.targets[0]
            if isinstance(target, ast.Name) and target.id == "__tablename__":
                table["tablename"] = literal(statement.value)
            elif isinstance(target, ast.Name) and target.id == "__table_args__":
                arguments = table_arguments(statement.value, aliases)
        elif (
            isinstance(statement, ast.AnnAssign)
            and isinstance(statement.target, ast.Name)
            and isinstance(statement.value, ast.Call)
        ):
            kind = callee(statement.value, aliases)
            if kind == "Field":
                table["columns"].append(
                    column_of(statement.target.id, statement.annotation, statement.value, aliases)
                )
            elif kind == "Relationship":
                table["relationships"].append(
                    relationship_of(
                        statement.target.id, statement.annotation, statement.value, aliases
                    )
                )

    columns = {column["name"]: column for column in table["columns"]}
    for column in table["columns"]:
        for target in column["foreign_keys"]:
            ref_table, ref_column = target.rsplit(".", 1)
            table["foreign_keys"].append(
                {
                    "name": None,
                    "columns": [column["name"]],
                    "ref_table": ref_table,
                    "ref_columns": [ref_column],
                    "ondelete": column["ondelete"],
                }
            )
        if column["unique"]:
            table["unique_constraints"].append({"name": None, "columns": [column["name"]]})
    for foreign_key in arguments["foreign_keys"]:
        table["foreign_keys"].append(foreign_key)
        for name, ref_column in zip(foreign_key["columns"], foreign_key["ref_columns"]):
            if name in columns:
                columns[name]["foreign_keys"].append(f"{foreign_key['ref_table']}.{ref_column}")
    table["unique_constraints"].extend(arguments["unique_constraints"])
    table["check_constraints"] = arguments["check_constraints"]
    table["table_kwargs"] = arguments["table_kwargs"]
    primary_key = arguments["primary_key_constraint"]
    if primary_key:
        table["primary_key"] = primary_key["columns"]
        table["primary_key_name"] = primary_key["name"]
    else:
        table["primary_key"] = [column["name"] for column in table["columns"] if column["primary_key"]]
    return table


if __name__ == "__main__":
    sys.exit(main(sys.argv))
