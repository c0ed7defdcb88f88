/**
 * List props that may hold CDKTF tokens, as the construct iterates them.
 *
 * Every item becomes a resource whose construct id is built from the item:
 * a literal keeps the id it always had (its value), a token (`subnet.id`)
 * gets one from its position, because a token's text holds a counter that
 * shifts as the app grows and would move the resource's address. A whole
 * list that is a token (`Fn.tolist(var.ids)`, known only at apply) becomes
 * one resource with `for_each` over it.
 */
import { Token, TerraformIterator, type ITerraformIterator } from 'cdktf';

export interface ListItem {
  /** Construct-id-safe key of the item. */
  readonly key: string;
  /** The item, or `each.value` of the `for_each`. */
  readonly value: string;
  /** Set when the whole list is a token: the resource iterates it. */
  readonly forEach?: ITerraformIterator;
}

export function listItems(list: readonly string[], keyOf: (literal: string) => string, tokenKey: string): ListItem[] {
  if (Token.isUnresolved(list)) {
    const forEach = TerraformIterator.fromList(list as string[]);
    return [{ key: `${tokenKey}-each`, value: Token.asString(forEach.value), forEach }];
  }
  return list.map((value, i) => ({ key: Token.isUnresolved(value) ? `${tokenKey}-${i}` : keyOf(value), value }));
}
